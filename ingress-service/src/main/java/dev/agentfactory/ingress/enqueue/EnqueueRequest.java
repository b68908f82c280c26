package dev.agentfactory.ingress.enqueue;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/** Body of {@code POST /v1/messages}: text or payload (or both) for one conversation of one agent. */
public record EnqueueRequest(
        @NotNull @Pattern(regexp = Patterns.AGENT_KEY, message = Patterns.AGENT_KEY_MESSAGE) String agentKey,
        @NotBlank @Size(max = 200) String conversationId,
        @Size(max = 4096) String text,
        JsonNode payload,
        @Size(min = 1, max = 200) String workspaceId,
        @Min(0) @Max(9) Integer priority,
        Instant availableAt,
        @Size(min = 1, max = 200) String consumerUserId) {

    public MessageContent content() {
        return new MessageContent(text, payload, workspaceId, priority, availableAt);
    }
}
