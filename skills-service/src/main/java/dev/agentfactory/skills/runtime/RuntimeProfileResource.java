package dev.agentfactory.skills.runtime;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Role;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Internal: the agent with its secrets resolved, for the hydration bundle (queue) and the provider. */
@Path("/internal/agents")
@Allowed(Role.SERVICE)
public class RuntimeProfileResource {

    private final RuntimeProfileService service;

    public RuntimeProfileResource(RuntimeProfileService service) {
        this.service = service;
    }

    @GET
    @Path("/{agentKey}/runtime-profile")
    public Uni<RuntimeProfile> runtimeProfile(@PathParam("agentKey") String agentKey) {
        return service.runtimeProfile(agentKey);
    }
}
