package dev.agentfactory.ingress.binding;

import dev.agentfactory.ingress.enqueue.Patterns;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /v1/bindings}; the bot defaults to the agent's registered bot. */
public record BindRequest(
        @NotNull @Pattern(regexp = Patterns.USER_ID, message = Patterns.USER_ID_MESSAGE) String consumerUserId,
        @NotNull @Pattern(regexp = Patterns.AGENT_KEY, message = Patterns.AGENT_KEY_MESSAGE) String agentKey,
        @Size(min = 1, max = 200) String botIdentity,
        @NotNull @Positive Long telegramUserId,
        Long telegramChatId) {
}
