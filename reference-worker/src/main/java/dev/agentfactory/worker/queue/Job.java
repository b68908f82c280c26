package dev.agentfactory.worker.queue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A leased message as {@code POST /v1/claims} (and complete with {@code claimNext}) returns it.
 *
 * @param leaseId         the lease to heartbeat, complete or fail
 * @param leaseExpiresAt  when the lease ends without a heartbeat
 * @param leaseDurationMs the lease length, when the queue states it (else derived from leaseExpiresAt)
 * @param payload         {text?, kind, data?, telegram? {chatId, messageId, ...}}
 * @param attempt         delivery attempt, 1 on the first delivery
 * @param shouldStop      the fleet wants this worker to stop after this job
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Job(
        String leaseId,
        Instant leaseExpiresAt,
        Long leaseDurationMs,
        String messageId,
        String conversationId,
        String agentKey,
        String workspaceId,
        JsonNode payload,
        int attempt,
        boolean shouldStop) {

    /** The message text, or null (callback data stands in for a callback query without text). */
    public String text() {
        if (payload == null) {
            return null;
        }
        if (payload.hasNonNull("text")) {
            return payload.get("text").asText();
        }
        JsonNode callback = payload.path("telegram").path("callbackData");
        return callback.isTextual() ? callback.asText() : null;
    }

    /** The Telegram chat to answer, or null for messages that did not come from Telegram. */
    public Long telegramChatId() {
        JsonNode chat = payload == null ? null : payload.path("telegram").get("chatId");
        if (chat == null || chat.isNull()) {
            return null;
        }
        return chat.isNumber() ? chat.asLong() : Long.valueOf(chat.asText());
    }

    /** The Telegram message being answered, or null. */
    public Long telegramMessageId() {
        JsonNode id = payload == null ? null : payload.path("telegram").get("messageId");
        return id == null || !id.canConvertToLong() ? null : id.asLong();
    }
}
