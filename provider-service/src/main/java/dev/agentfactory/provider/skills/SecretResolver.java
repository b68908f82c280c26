package dev.agentfactory.provider.skills;

import dev.agentfactory.platform.auth.AuthConfig;
import dev.agentfactory.provider.ProviderConfig;
import dev.agentfactory.provider.driver.DriverException;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Resolves secret refs to plaintext through skills-service; plaintext stays in memory only. */
@ApplicationScoped
public class SecretResolver {

    private final SkillsApi api;
    private final String authorization;

    public SecretResolver(ProviderConfig config, AuthConfig auth) {
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.skills().baseUrl()))
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(15, TimeUnit.SECONDS)
                .build(SkillsApi.class);
        this.authorization = "Bearer " + config.skills().apiKey().or(auth::serviceApiKey).orElse("");
    }

    /** Values of all refs; a missing ref is a permanent failure, an unreachable skills-service a transient one. */
    public Uni<Map<String, String>> resolve(List<String> refs) {
        if (refs.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return api.resolve(authorization, new SkillsApi.Refs(new ArrayList<>(refs)))
                .ifNoItem().after(Duration.ofSeconds(20)).fail()
                .onFailure().transform(e -> DriverException.transientFailure("secrets_unavailable",
                        "skills-service could not resolve secrets: " + e.getMessage()))
                .map(resolved -> {
                    if (resolved.missing() != null && !resolved.missing().isEmpty()) {
                        throw DriverException.permanent("secret_missing", "missing secrets: " + resolved.missing());
                    }
                    return resolved.values() == null ? Map.<String, String>of() : resolved.values();
                });
    }

    /** Resolves {@code secretEnv} (ENV -> ref) into ENV -> plaintext. */
    public Uni<Map<String, String>> resolveEnv(Map<String, String> secretEnv) {
        if (secretEnv == null || secretEnv.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return resolve(List.copyOf(new java.util.LinkedHashSet<>(secretEnv.values()))).map(values -> {
            Map<String, String> env = new HashMap<>();
            secretEnv.forEach((name, ref) -> env.put(name, values.get(ref)));
            return env;
        });
    }
}
