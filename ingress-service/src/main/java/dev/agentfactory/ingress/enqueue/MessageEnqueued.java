package dev.agentfactory.ingress.enqueue;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/** The data of a {@code message.enqueued} event (deploy/contracts/schemas/message.enqueued.schema.json). */
public record MessageEnqueued(String messageId, String workspaceId, String agentKey, String conversationId,
                              int priority, Instant availableAt, String origin, Instant receivedAt,
                              Payload payload, String consumerUserId, String idempotencyKey) {

    public static final String TYPE = "message.enqueued";

    /** What the worker receives. */
    public record Payload(String text, String kind, JsonNode data, Telegram telegram) {
    }

    /** Where a Telegram message came from and where the reply goes. */
    public record Telegram(String botIdentity, Long updateId, long chatId, String chatType, Long userId,
                           Long messageId, String callbackQueryId, String callbackData,
                           List<Attachment> attachments) {
    }

    /** A file attached to a Telegram message (metadata only). */
    public record Attachment(String type, String fileId, String fileUniqueId, String mimeType, Long fileSize,
                             String fileName, Integer width, Integer height, Integer duration) {
    }
}
