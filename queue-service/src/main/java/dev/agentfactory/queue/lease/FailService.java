package dev.agentfactory.queue.lease;

import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.queue.claim.AfterCommit;
import dev.agentfactory.queue.claim.Due;
import dev.agentfactory.queue.claim.HandOff;
import dev.agentfactory.queue.depth.DepthTracker;
import dev.agentfactory.queue.event.LifecycleData;
import dev.agentfactory.queue.event.LifecycleEvents;
import dev.agentfactory.queue.lease.LeaseRequests.FailResponse;
import dev.agentfactory.queue.retry.RetryPolicy;
import dev.agentfactory.queue.worker.WorkerActivity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/**
 * A worker's failure report: retryable failures go back to the head of the conversation after a jittered
 * backoff; non-retryable ones, or the last allowed attempt, become dead letters and free the conversation.
 */
@ApplicationScoped
public class FailService {

    public static final String RETRY_SCHEDULED = "retry_scheduled";
    public static final String DEAD_LETTERED = "dead_lettered";

    private final Pool pool;
    private final ReleaseStore store;
    private final LeaseProblems problems;
    private final RetryPolicy policy;
    private final LifecycleEvents events;
    private final DepthTracker depth;
    private final WorkerActivity activity;
    private final HandOff handOff;

    public FailService(Pool pool, ReleaseStore store, LeaseProblems problems, RetryPolicy policy,
                       LifecycleEvents events, DepthTracker depth, WorkerActivity activity, HandOff handOff) {
        this.pool = pool;
        this.store = store;
        this.problems = problems;
        this.policy = policy;
        this.events = events;
        this.depth = depth;
        this.activity = activity;
        this.handOff = handOff;
    }

    public Uni<FailResponse> fail(UUID leaseId, String workerId, LeaseRequests.Fail request) {
        AfterCommit after = new AfterCommit();
        Uni<FailResponse> failed = pool.withTransaction(tx -> store.lockHeld(tx, leaseId, workerId)
                .chain(held -> held == null ? problems.<FailResponse>explain(tx, leaseId, workerId)
                        : apply(tx, held, request, after)));
        return handOff.settle(failed, after).invoke(response -> activity.finished(workerId));
    }

    private Uni<FailResponse> apply(SqlClient tx, HeldMessage held, LeaseRequests.Fail request, AfterCommit after) {
        int attempt = held.ref().attempt();
        LifecycleData data = LifecycleData.of(held.ref()).withLease(held.workerId(), held.leaseId().toString(), null);
        LifecycleData failed = data.withFailure(request.error(), request.retryable(), null);
        if (request.retryable() && !policy.exhausted(attempt)) {
            long delay = policy.nextDelayMs(held.backoffMs());
            return store.backToHead(tx, held, delay, delay, request.error())
                    .call(at -> handOff.headChanged(tx, Due.in(delay), List.of(
                            events.event(LifecycleEvents.FAILED, failed),
                            events.event(LifecycleEvents.RETRY_SCHEDULED, data.withFailure(request.error(), true, at))),
                            after))
                    .invoke(() -> depth.changed(held.ref().workspaceId()))
                    .map(at -> new FailResponse(held.ref().messageId(), RETRY_SCHEDULED, attempt, at));
        }
        String reason = truncate(request.retryable() ? "attempts exhausted: " + request.error() : request.error());
        List<EventEnvelope> causes = List.of(events.event(LifecycleEvents.FAILED, failed),
                events.event(LifecycleEvents.DEAD_LETTERED, data.withFailure(reason, request.retryable(), null)));
        return store.deadLetter(tx, held, reason)
                .call(next -> handOff.headChanged(tx, next, causes, after))
                .invoke(() -> depth.changed(held.ref().workspaceId()))
                .map(next -> new FailResponse(held.ref().messageId(), DEAD_LETTERED, attempt, null));
    }

    static String truncate(String error) {
        return error.length() <= 4000 ? error : error.substring(0, 4000);
    }
}
