package dev.agentfactory.skills.agent;

import dev.agentfactory.skills.secret.SecretRefs;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * Body of {@code PUT /v1/agents/{agentKey}}. {@code expectedVersion}, when given, must be the current version
 * (optimistic concurrency; 409 otherwise). Bot identity and webhook are managed by the Telegram endpoints.
 */
public record AgentRequest(
        @NotNull Boolean enabled,
        @Size(max = 50) List<@NotNull @Pattern(regexp = SecretRefs.PATTERN, message = SecretRefs.MESSAGE) String> secretsRef,
        @Valid BridgeConfig bridgeConfig,
        @Min(0) Long expectedVersion) {
}
