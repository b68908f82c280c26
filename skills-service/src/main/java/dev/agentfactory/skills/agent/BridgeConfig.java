package dev.agentfactory.skills.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentfactory.skills.secret.SecretRefs;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * agent-bridge settings of a profile (no secret values). Each value may also come from secrets at hydration
 * (see {@code runtime.BridgeResolver}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BridgeConfig(
        @NotNull Boolean enabled,
        @Size(max = 2000) @Pattern(regexp = "^https?://[^\\s/?#]+[^\\s]*$", message = "must be an http(s) URL") String baseUrl,
        @Size(min = 1, max = 200) String serviceId,
        @Size(min = 1, max = 200) String appKey,
        @Pattern(regexp = SecretRefs.PATTERN, message = SecretRefs.MESSAGE) String serviceKeySecretRef) {

    public static final BridgeConfig DISABLED = new BridgeConfig(false, null, null, null, null);
}
