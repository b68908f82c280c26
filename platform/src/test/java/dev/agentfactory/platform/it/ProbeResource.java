package dev.agentfactory.platform.it;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Caller;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.platform.auth.WorkerTokens;
import dev.agentfactory.platform.problem.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.util.Map;

/** A resource that exists only in the platform's tests, to drive the filters and mappers over HTTP. */
@Path("/probe")
public class ProbeResource {

    private final Caller caller;
    private final WorkerTokens tokens;

    public ProbeResource(Caller caller, WorkerTokens tokens) {
        this.caller = caller;
        this.tokens = tokens;
    }

    public record Body(@NotBlank String name, @Size(max = 5) String code, @Max(9) Integer priority) {
    }

    @POST
    @Path("/echo")
    @Allowed(Role.APP)
    public Map<String, Object> echo(@Valid Body body) {
        return Map.of("name", body.name(), "role", caller.role().name());
    }

    @GET
    @Path("/admin")
    @Allowed(Role.ADMIN)
    public Map<String, String> admin() {
        return Map.of("role", caller.role().name());
    }

    @POST
    @Path("/tokens/{workerId}")
    @Allowed(Role.ADMIN)
    public Map<String, String> mint(@PathParam("workerId") String workerId) {
        return Map.of("token", tokens.mint(workerId));
    }

    @GET
    @Path("/workers/{workerId}")
    @Allowed({Role.WORKER, Role.SERVICE})
    public Map<String, String> actAs(@PathParam("workerId") String workerId) {
        caller.requireActingAs(workerId);
        return Map.of("workerId", workerId, "role", caller.role().name());
    }

    @GET
    @Path("/missing")
    public Map<String, String> missing() {
        throw ProblemException.notFound("there is nothing here");
    }

    @GET
    @Path("/public")
    public Map<String, String> open() {
        return Map.of("ok", "yes");
    }
}
