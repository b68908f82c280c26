package dev.agentfactory.ingress.enqueue;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/** Body of {@code POST /v1/users/{consumerUserId}/agents/{agentKey}/messages}. */
public record UserMessageRequest(
        @Size(max = 4096) String text,
        JsonNode payload,
        @Size(min = 1, max = 200) String workspaceId,
        @Min(0) @Max(9) Integer priority,
        Instant availableAt) {

    public MessageContent content() {
        return new MessageContent(text, payload, workspaceId, priority, availableAt);
    }
}
