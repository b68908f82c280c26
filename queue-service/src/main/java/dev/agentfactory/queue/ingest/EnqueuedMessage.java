package dev.agentfactory.queue.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** The data of a {@code message.enqueued} event, as far as the queue needs it. */
public record EnqueuedMessage(
        String messageId,
        String workspaceId,
        String agentKey,
        String conversationId,
        Integer priority,
        Instant availableAt,
        String origin,
        Instant receivedAt,
        JsonNode payload,
        String consumerUserId,
        String idempotencyKey) {

    /** @return why the event can never be queued, or null when it is acceptable */
    public String defect() {
        if (blank(messageId) || blank(conversationId) || blank(agentKey)) {
            return "messageId, conversationId and agentKey are required";
        }
        if (priority != null && (priority < 0 || priority > 9)) {
            return "priority must be 0..9";
        }
        if (payload == null || !payload.isObject()) {
            return "payload must be an object";
        }
        return null;
    }

    public String workspaceOrDefault() {
        return blank(workspaceId) ? "default" : workspaceId;
    }

    public int priorityOrDefault() {
        return priority == null ? 0 : priority;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
