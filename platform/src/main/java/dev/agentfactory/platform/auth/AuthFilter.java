package dev.agentfactory.platform.auth;

import dev.agentfactory.platform.problem.Problem;
import dev.agentfactory.platform.problem.ProblemMappers;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Checks {@code Authorization: Bearer <api key or worker token>} against the endpoint's {@link Allowed} roles. */
public class AuthFilter {

    private final AuthConfig config;
    private final WorkerTokens workerTokens;
    private final Caller caller;

    public AuthFilter(AuthConfig config, WorkerTokens workerTokens, Caller caller) {
        this.config = config;
        this.workerTokens = workerTokens;
        this.caller = caller;
    }

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request, ResourceInfo resource) {
        Set<Role> allowed = allowedRoles(resource);
        if (allowed == null) {
            return Optional.empty();
        }
        String credential = bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (credential == null) {
            return deny(401, "unauthorized", "Unauthorized", "send 'Authorization: Bearer <key>'");
        }
        if (credential.startsWith(WorkerTokens.PREFIX)) {
            Optional<String> workerId = workerTokens.verify(credential);
            if (workerId.isEmpty()) {
                return deny(401, "unauthorized", "Unauthorized", "the worker token is not valid");
            }
            if (!allowed.contains(Role.WORKER)) {
                return deny(403, "forbidden", "Forbidden", "workers may not call this endpoint");
            }
            caller.authenticate(Role.WORKER, workerId.get());
            return Optional.empty();
        }
        Role role = roleOfKey(credential);
        if (role == null) {
            return deny(401, "unauthorized", "Unauthorized", "the API key is not valid");
        }
        if (role != Role.ADMIN && !allowed.contains(role)) {
            return deny(403, "forbidden", "Forbidden", "this endpoint needs one of the roles " + allowed);
        }
        caller.authenticate(role, null);
        return Optional.empty();
    }

    private static Set<Role> allowedRoles(ResourceInfo resource) {
        if (resource == null || resource.getResourceMethod() == null) {
            return null;
        }
        Allowed onMethod = resource.getResourceMethod().getAnnotation(Allowed.class);
        Allowed annotation = onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(Allowed.class);
        if (annotation == null) {
            return null;
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        roles.addAll(Arrays.asList(annotation.value()));
        return roles;
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

    private static Optional<Response> deny(int status, String slug, String title, String detail) {
        Response.ResponseBuilder response = ProblemMappers.respond(Problem.of(status, slug, title, detail));
        if (status == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return Optional.of(response.build());
    }
}
