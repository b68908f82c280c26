package dev.agentfactory.scheduler.reconcile;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.scheduler.demand.DepthStore;
import dev.agentfactory.scheduler.fleet.WorkerStore;
import dev.agentfactory.scheduler.policy.PolicyStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import java.util.List;
import java.util.Map;

/** Explainability ({@code GET /v1/capacity}) and the manual reconcile ({@code POST /v1/reconcile}). */
@Path("/v1")
public class CapacityResource {

    private final Pool pool;
    private final PolicyStore policies;
    private final DepthStore depth;
    private final WorkerStore workers;
    private final DecisionStore decisions;
    private final Reconciler reconciler;
    private final ReconcileTrigger trigger;

    public CapacityResource(Pool pool, PolicyStore policies, DepthStore depth, WorkerStore workers,
                            DecisionStore decisions, Reconciler reconciler, ReconcileTrigger trigger) {
        this.pool = pool;
        this.policies = policies;
        this.depth = depth;
        this.workers = workers;
        this.decisions = decisions;
        this.reconciler = reconciler;
        this.trigger = trigger;
    }

    public record DemandView(int readyConversations, int busyConversations, int conversationsWithWork,
                             int readyMessages, List<DepthStore.WorkspaceDepth> workspaces) {
    }

    public record CapacityView(int desired, Map<String, Integer> actual, DemandView demand, String policySource,
                               DecisionStore.Decision lastDecision) {
    }

    public record ReconcileView(int desired, List<Object> actions, int createsEmitted, String reason) {
    }

    @GET
    @Path("/capacity")
    @Allowed({Role.ADMIN, Role.SERVICE})
    public Uni<CapacityView> capacity() {
        return policies.current().chain(effective -> depth.all(pool).chain(workspaces -> workers.countByStatus(pool).chain(actual ->
                decisions.last(pool).map(last -> {
                    Demand demand = DepthStore.sum(workspaces);
                    return new CapacityView(CapacityPlanner.desired(effective.policy(), demand), actual,
                            new DemandView(demand.readyConversations(), demand.busyConversations(),
                                    demand.conversationsWithWork(), demand.readyMessages(), workspaces),
                            effective.source(), last);
                }))));
    }

    @POST
    @Path("/reconcile")
    @Allowed(Role.ADMIN)
    public Uni<ReconcileView> reconcile() {
        trigger.ran();
        return reconciler.reconcile("manual").map(outcome -> new ReconcileView(outcome.plan().desired(),
                outcome.applied(), outcome.createsEmitted(), outcome.plan().reason()));
    }

}
