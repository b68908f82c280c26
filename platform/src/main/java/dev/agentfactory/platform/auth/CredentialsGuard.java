package dev.agentfactory.platform.auth;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses to start with missing, short or well-known credentials outside the profiles meant for one laptop
 * ({@code local}, {@code dev}, {@code test}). The dev values in deploy/local/dev.env start with {@code dev-}
 * precisely so that this check recognises them.
 */
@ApplicationScoped
public class CredentialsGuard {

    static final Set<String> RELAXED_PROFILES = Set.of("local", "dev", "test");
    static final int MINIMUM_LENGTH = 32;

    void check(@Observes StartupEvent event, AuthConfig config) {
        if (ConfigUtils.getProfiles().stream().anyMatch(RELAXED_PROFILES::contains)) {
            return;
        }
        List<String> problems = problems(Map.of(
                "af.auth.admin-api-key (AF_ADMIN_API_KEY)", config.adminApiKey(),
                "af.auth.app-api-key (AF_APP_API_KEY)", config.appApiKey(),
                "af.auth.service-api-key (AF_SERVICE_API_KEY)", config.serviceApiKey(),
                "af.auth.worker-token-secret (AF_WORKER_TOKEN_SECRET)", config.workerTokenSecret()));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("refusing to start with unsafe credentials: " + String.join("; ", problems));
        }
    }

    static List<String> problems(Map<String, Optional<String>> credentials) {
        List<String> problems = new ArrayList<>();
        credentials.forEach((name, value) -> {
            if (value.isEmpty()) {
                problems.add(name + " is not set");
            } else if (value.get().length() < MINIMUM_LENGTH) {
                problems.add(name + " is shorter than " + MINIMUM_LENGTH + " characters");
            } else if (value.get().startsWith("dev-") || value.get().startsWith("test-")) {
                problems.add(name + " is a development value");
            }
        });
        problems.sort(String::compareTo);
        return problems;
    }
}
