package dev.agentfactory.scheduler.support;

import java.time.Instant;
import java.util.Map;

/** Data of {@code message.enqueued} as the scheduler produces it (origin push or broadcast). */
public record EnqueuedMessage(String messageId, String workspaceId, String agentKey, String conversationId, int priority,
                              Instant availableAt, String origin, Instant receivedAt, Payload payload,
                              String consumerUserId) {

    public record Payload(String text, String kind, Map<String, Object> data) {
    }
}
