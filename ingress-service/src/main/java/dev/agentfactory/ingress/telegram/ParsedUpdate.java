package dev.agentfactory.ingress.telegram;

import dev.agentfactory.ingress.enqueue.MessageEnqueued.Attachment;

import java.util.List;

/**
 * A Telegram update reduced to what ingress routes on. {@code ignoredKind} is set (and the rest empty) for
 * updates ingress does not process.
 */
public record ParsedUpdate(long updateId, String kind, String ignoredKind, long chatId, String chatType,
                           Long userId, Long messageId, String text, String callbackQueryId, String callbackData,
                           List<Attachment> attachments) {

    static ParsedUpdate ignored(long updateId, String kind) {
        return new ParsedUpdate(updateId, null, kind, 0, null, null, null, null, null, null, List.of());
    }

    public boolean isIgnored() {
        return ignoredKind != null;
    }
}
