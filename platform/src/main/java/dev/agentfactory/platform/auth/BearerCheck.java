package dev.agentfactory.platform.auth;

import dev.agentfactory.platform.http.RouteReplies;
import dev.agentfactory.platform.problem.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * The one bearer check: {@code Authorization: Bearer <api key or worker token>} against the roles an endpoint
 * allows. The REST filter uses it, and so do routes served outside REST, so both answer the same: 401 without or
 * with an unknown credential, 403 for a role the endpoint does not allow (admins pass every API-key check).
 */
@ApplicationScoped
public class BearerCheck {

    /** What a check concluded: {@link Granted} or {@link Denied}. */
    public sealed interface Outcome permits Granted, Denied {
    }

    /** The caller may proceed; {@code workerId} is set for worker tokens. */
    public record Granted(Role role, String workerId) implements Outcome {
    }

    /** The caller may not: 401 or 403, and why. */
    public record Denied(int status, String detail) implements Outcome {

        public String slug() {
            return status == 401 ? "unauthorized" : "forbidden";
        }

        public String title() {
            return status == 401 ? "Unauthorized" : "Forbidden";
        }

        /** The answer the caller gets, the same from REST and from plain routes. */
        public Problem problem() {
            return Problem.of(status, slug(), title(), detail);
        }
    }

    private final AuthConfig config;
    private final WorkerTokens workerTokens;

    public BearerCheck(AuthConfig config, WorkerTokens workerTokens) {
        this.config = config;
        this.workerTokens = workerTokens;
    }

    /**
     * The check for a route served outside REST: the caller when granted; otherwise the request has been answered
     * with the 401 or 403 problem, and the result is null.
     */
    public Granted authorize(HttpServerRequest request, Set<Role> allowed) {
        Outcome outcome = check(request.getHeader(HttpHeaders.AUTHORIZATION), allowed);
        if (outcome instanceof Denied denied) {
            RouteReplies.problem(request.response(), denied.problem());
            return null;
        }
        return (Granted) outcome;
    }

    public Outcome check(String authorizationHeader, Set<Role> allowed) {
        String credential = bearer(authorizationHeader);
        if (credential == null) {
            return new Denied(401, "send 'Authorization: Bearer <key>'");
        }
        if (credential.startsWith(WorkerTokens.PREFIX)) {
            Optional<String> workerId = workerTokens.verify(credential);
            if (workerId.isEmpty()) {
                return new Denied(401, "the worker token is not valid");
            }
            return allowed.contains(Role.WORKER) ? new Granted(Role.WORKER, workerId.get())
                    : new Denied(403, "workers may not call this endpoint");
        }
        Role role = roleOfKey(credential);
        if (role == null) {
            return new Denied(401, "the API key is not valid");
        }
        return role == Role.ADMIN || allowed.contains(role) ? new Granted(role, null)
                : new Denied(403, "this endpoint needs one of the roles " + allowed);
    }

    private Role roleOfKey(String key) {
        if (matches(key, config.adminApiKey())) {
            return Role.ADMIN;
        }
        if (matches(key, config.appApiKey())) {
            return Role.APP;
        }
        if (matches(key, config.serviceApiKey())) {
            return Role.SERVICE;
        }
        return null;
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
