package dev.agentfactory.queue.hydration;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Caller;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.queue.lease.LeaseResource;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v1/leases/{leaseId}/hydration}: only for the worker holding the lease (or an admin). */
@Path("/v1/leases/{leaseId}/hydration")
@Allowed({Role.WORKER, Role.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class HydrationResource {

    private final HydrationService hydration;
    private final Caller caller;

    public HydrationResource(HydrationService hydration, Caller caller) {
        this.hydration = hydration;
        this.caller = caller;
    }

    @GET
    public Uni<Hydration> get(@PathParam("leaseId") String leaseId) {
        return hydration.hydrate(LeaseResource.parse(leaseId), caller.role() == Role.WORKER ? caller.workerId() : null);
    }
}
