package dev.agentfactory.scheduler.fleet;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.platform.problem.ProblemException;
import dev.agentfactory.scheduler.reconcile.ReconcileTrigger;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

/** The fleet: list workers, look at one, drain one by hand. */
@Path("/v1/workers")
public class WorkersResource {

    private final Pool pool;
    private final WorkerStore store;
    private final FleetTransitions transitions;
    private final ReconcileTrigger trigger;

    public WorkersResource(Pool pool, WorkerStore store, FleetTransitions transitions, ReconcileTrigger trigger) {
        this.pool = pool;
        this.store = store;
        this.transitions = transitions;
        this.trigger = trigger;
    }

    @GET
    @Allowed({Role.ADMIN, Role.SERVICE})
    public Uni<List<WorkerView>> list(
            @QueryParam("status") @Pattern(regexp = "^(active|draining|stopping|stopped)$") String status,
            @QueryParam("limit") @DefaultValue("200") @Min(1) @Max(1000) int limit) {
        return store.list(pool, status, limit);
    }

    @GET
    @Path("/{workerId}")
    @Allowed({Role.ADMIN, Role.SERVICE})
    public Uni<WorkerView> get(@PathParam("workerId") String workerId) {
        return store.find(pool, workerId).map(view -> {
            if (view == null) {
                throw ProblemException.notFound("no worker '" + workerId + "'");
            }
            return view;
        });
    }

    /**
     * active, parking or parked → draining (operator-drain; a parked worker holds no lease, so it goes on to
     * stopping at the next reconcile); draining already is fine; stopping or stopped is a conflict.
     */
    @POST
    @Path("/{workerId}/drain")
    @Allowed(Role.ADMIN)
    public Uni<WorkerView> drain(@PathParam("workerId") String workerId) {
        return pool.withTransaction(tx -> store.find(tx, workerId).chain(view -> {
                    if (view == null) {
                        throw ProblemException.notFound("no worker '" + workerId + "'");
                    }
                    if (view.status().equals("stopping") || view.status().equals("stopped")) {
                        throw ProblemException.conflict("worker-not-active", "worker '" + workerId + "' is already "
                                + view.status());
                    }
                    return transitions.change(tx, workerId, EnumSet.of(WorkerStatus.ACTIVE, WorkerStatus.PARKING,
                                    WorkerStatus.PARKED), WorkerStatus.DRAINING,
                            "operator-drain", Instant.now())
                            // read in the transaction: the reconcile triggered below may move an idle worker
                            // on to stopping before a read after it, and the answer is what the drain did
                            .chain(() -> store.find(tx, workerId));
                }))
                .invoke(() -> trigger.request("operator-drain"));
    }
}
