package dev.agentfactory.ingress.pairing;

import dev.agentfactory.ingress.enqueue.Patterns;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Body of {@code POST /v1/pairings}. */
public record PairingRequest(
        @NotNull @Pattern(regexp = Patterns.USER_ID, message = Patterns.USER_ID_MESSAGE) String consumerUserId,
        @NotNull @Pattern(regexp = Patterns.AGENT_KEY, message = Patterns.AGENT_KEY_MESSAGE) String agentKey,
        @Min(30) Integer ttlSeconds) {
}
