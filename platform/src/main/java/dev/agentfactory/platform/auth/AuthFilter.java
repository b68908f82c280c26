package dev.agentfactory.platform.auth;

import dev.agentfactory.platform.problem.ProblemMappers;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Applies the {@link BearerCheck} to REST endpoints with their {@link Allowed} roles. */
public class AuthFilter {

    private final BearerCheck check;
    private final Caller caller;

    public AuthFilter(BearerCheck check, Caller caller) {
        this.check = check;
        this.caller = caller;
    }

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request, ResourceInfo resource) {
        Set<Role> allowed = allowedRoles(resource);
        if (allowed == null) {
            return Optional.empty();
        }
        BearerCheck.Outcome outcome = check.check(request.getHeaderString(HttpHeaders.AUTHORIZATION), allowed);
        if (outcome instanceof BearerCheck.Denied denied) {
            Response.ResponseBuilder response = ProblemMappers.respond(denied.problem());
            if (denied.status() == 401) {
                response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            }
            return Optional.of(response.build());
        }
        BearerCheck.Granted granted = (BearerCheck.Granted) outcome;
        caller.authenticate(granted.role(), granted.workerId());
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
}
