package dev.agentfactory.queue.sweep;

import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.queue.claim.AfterCommit;
import dev.agentfactory.queue.claim.HandOff;
import dev.agentfactory.queue.config.QueueConfig;
import dev.agentfactory.queue.depth.DepthTracker;
import dev.agentfactory.queue.event.LifecycleData;
import dev.agentfactory.queue.event.LifecycleEvents;
import dev.agentfactory.queue.lease.HeldMessage;
import dev.agentfactory.queue.lease.ReleaseStore;
import dev.agentfactory.queue.retry.RetryPolicy;
import dev.agentfactory.queue.worker.WorkerActivity;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Recovers expired leases: the message goes back to the head of its conversation, claimable at once (its
 * next claim is attempt + 1), or becomes a dead letter when that was its last allowed attempt; the
 * conversation is unlocked either way, and the worker that let the lease lapse is reported heartbeat-stale.
 * Rows are locked with SKIP LOCKED, so replicas sweep side by side. The conversations a sweep makes claimable go
 * to claims waiting on this instance in the sweep's own transaction ({@link HandOff}).
 */
@ApplicationScoped
public class LeaseSweeper {

    static final String EXPIRED = "lease expired";

    private final Pool pool;
    private final ReleaseStore store;
    private final RetryPolicy policy;
    private final LifecycleEvents events;
    private final DepthTracker depth;
    private final WorkerActivity activity;
    private final HandOff handOff;
    private final QueueConfig config;

    public LeaseSweeper(Pool pool, ReleaseStore store, RetryPolicy policy, LifecycleEvents events,
                        DepthTracker depth, WorkerActivity activity, HandOff handOff, QueueConfig config) {
        this.pool = pool;
        this.store = store;
        this.policy = policy;
        this.events = events;
        this.depth = depth;
        this.activity = activity;
        this.handOff = handOff;
        this.config = config;
    }

    @Scheduled(every = "${af.queue.sweep-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return sweepOnce().replaceWithVoid();
    }

    public Uni<Integer> sweepOnce() {
        AfterCommit after = new AfterCommit();
        return handOff.settle(pool.withTransaction(tx -> store.lockExpired(tx, config.sweepBatch()).chain(held -> {
            if (held.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<EventEnvelope> out = new ArrayList<>();
            AtomicInteger readyNow = new AtomicInteger();
            return Multi.createFrom().iterable(held)
                    .onItem().transformToUniAndConcatenate(message -> recover(tx, message, out, readyNow, after))
                    .collect().asList()
                    .chain(() -> activity.heartbeatsStopped(tx, held))
                    .chain(() -> handOff.conversationsReady(tx, readyNow.get(), out, after))
                    .invoke(() -> held.forEach(m -> depth.changed(m.ref().workspaceId())))
                    .replaceWith(held.size());
        })), after);
    }

    private Uni<Void> recover(SqlClient tx, HeldMessage held, List<EventEnvelope> out, AtomicInteger readyNow,
                              AfterCommit after) {
        LifecycleData data = LifecycleData.of(held.ref()).withLease(held.workerId(), held.leaseId().toString(), null);
        out.add(events.event(LifecycleEvents.LEASE_EXPIRED, data.withFailure(EXPIRED, null, null)));
        if (policy.exhausted(held.ref().attempt())) {
            String reason = "attempts exhausted: " + EXPIRED;
            out.add(events.event(LifecycleEvents.DEAD_LETTERED, data.withFailure(reason, true, null)));
            return store.deadLetter(tx, held, reason).invoke(next -> {
                if (after.head(next)) {
                    readyNow.incrementAndGet();
                }
            }).replaceWithVoid();
        }
        readyNow.incrementAndGet();
        return store.backToHead(tx, held, 0, held.backoffMs(), EXPIRED).replaceWithVoid();
    }
}
