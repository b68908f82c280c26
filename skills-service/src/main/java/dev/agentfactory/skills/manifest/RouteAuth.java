package dev.agentfactory.skills.manifest;

import dev.agentfactory.platform.auth.AuthConfig;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.platform.auth.WorkerTokens;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * The platform's bearer check (API keys with roles, worker tokens) for a route served outside REST, where
 * the platform's request filter does not run. Same credentials, same answers: 401 without or with an unknown
 * credential, 403 for a role the route does not allow (admins pass every API-key check).
 */
@ApplicationScoped
public class RouteAuth {

    private final AuthConfig config;
    private final WorkerTokens workerTokens;

    public RouteAuth(AuthConfig config, WorkerTokens workerTokens) {
        this.config = config;
        this.workerTokens = workerTokens;
    }

    /** @return null when allowed, else the status (401 or 403) and why */
    public Denial check(String authorization, Set<Role> allowed) {
        String credential = bearer(authorization);
        if (credential == null) {
            return new Denial(401, "send 'Authorization: Bearer <key>'");
        }
        if (workerTokens.verify(credential).isPresent()) {
            return allowed.contains(Role.WORKER) ? null : new Denial(403, "workers may not call this endpoint");
        }
        Role role = matches(credential, config.adminApiKey()) ? Role.ADMIN
                : matches(credential, config.serviceApiKey()) ? Role.SERVICE
                : matches(credential, config.appApiKey()) ? Role.APP : null;
        if (role == null) {
            return new Denial(401, credential.startsWith("wt1.") ? "the worker token is not valid" : "the API key is not valid");
        }
        return role == Role.ADMIN || allowed.contains(role) ? null
                : new Denial(403, "this endpoint needs one of the roles " + allowed);
    }

    public record Denial(int status, String detail) {
    }

    private static boolean matches(String presented, Optional<String> configured) {
        return configured.isPresent() && MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8), configured.get().getBytes(StandardCharsets.UTF_8));
    }

    private static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String value = header.substring(7).trim();
        return value.isEmpty() ? null : value;
    }
}
