package dev.agentfactory.system;

import java.time.Instant;
import java.util.Map;

/** Telegram Update JSON as the Bot API sends it to a webhook. */
final class TelegramUpdates {

    private TelegramUpdates() {
    }

    /** A private-chat text message from the chat's own user. */
    static Map<String, Object> privateText(long updateId, long chatId, int messageId, String text) {
        return Map.of("update_id", updateId, "message", Map.of(
                "message_id", messageId, "date", Instant.now().getEpochSecond(),
                "chat", Map.of("id", chatId, "type", "private"),
                "from", Map.of("id", chatId, "is_bot", false, "first_name", "Tester"),
                "text", text));
    }
}
