package dev.agentfactory.queue.lease;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Caller;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.platform.problem.ProblemException;
import dev.agentfactory.queue.lease.LeaseRequests.CompleteResponse;
import dev.agentfactory.queue.lease.LeaseRequests.FailResponse;
import dev.agentfactory.queue.lease.LeaseRequests.HeartbeatResponse;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/** Heartbeat, complete and fail of a lease. Only the worker holding it (or an admin) may touch a lease. */
@Path("/v1/leases/{leaseId}")
@Allowed({Role.WORKER, Role.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class LeaseResource {

    private final LeaseService leases;
    private final FailService failures;
    private final Caller caller;

    public LeaseResource(LeaseService leases, FailService failures, Caller caller) {
        this.leases = leases;
        this.failures = failures;
        this.caller = caller;
    }

    @POST
    @Path("/heartbeat")
    public Uni<HeartbeatResponse> heartbeat(@PathParam("leaseId") String leaseId) {
        return leases.heartbeat(parse(leaseId), actingWorker());
    }

    @POST
    @Path("/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<CompleteResponse> complete(@PathParam("leaseId") String leaseId,
                                          @Valid LeaseRequests.Complete request) {
        LeaseRequests.Complete body = request == null ? new LeaseRequests.Complete(null, null, null, null) : request;
        return leases.complete(parse(leaseId), actingWorker(), body);
    }

    @POST
    @Path("/fail")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<FailResponse> fail(@PathParam("leaseId") String leaseId, @Valid @NotNull LeaseRequests.Fail request) {
        return failures.fail(parse(leaseId), actingWorker(), request);
    }

    /** The worker a lease must belong to: the token's worker; null (anyone) for admins. */
    private String actingWorker() {
        return caller.role() == Role.WORKER ? caller.workerId() : null;
    }

    /** A lease id from a path; one that is not even a UUID is as unknown as an expired one (409). */
    public static UUID parse(String leaseId) {
        try {
            return UUID.fromString(leaseId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.conflict("lease-lost", "lease " + leaseId + " is not known");
        }
    }
}
