package dev.agentfactory.queue.sweep;

import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.queue.claim.Due;
import dev.agentfactory.queue.claim.DueAlarm;
import dev.agentfactory.queue.claim.ReadySignal;
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
 * Rows are locked with SKIP LOCKED, so replicas sweep side by side.
 */
@ApplicationScoped
public class LeaseSweeper {

    static final String EXPIRED = "lease expired";

    private final Pool pool;
    private final ReleaseStore store;
    private final RetryPolicy policy;
    private final LifecycleEvents events;
    private final ReadySignal ready;
    private final DepthTracker depth;
    private final WorkerActivity activity;
    private final DueAlarm alarm;
    private final QueueConfig config;

    public LeaseSweeper(Pool pool, ReleaseStore store, RetryPolicy policy, LifecycleEvents events,
                        ReadySignal ready, DepthTracker depth, WorkerActivity activity, DueAlarm alarm,
                        QueueConfig config) {
        this.pool = pool;
        this.store = store;
        this.policy = policy;
        this.events = events;
        this.ready = ready;
        this.depth = depth;
        this.activity = activity;
        this.alarm = alarm;
        this.config = config;
    }

    @Scheduled(every = "${af.queue.sweep-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return sweepOnce().replaceWithVoid();
    }

    public Uni<Integer> sweepOnce() {
        List<Due> later = new ArrayList<>();
        return pool.withTransaction(tx -> store.lockExpired(tx, config.sweepBatch()).chain(held -> {
            if (held.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<EventEnvelope> out = new ArrayList<>();
            AtomicInteger readyNow = new AtomicInteger();
            return Multi.createFrom().iterable(held)
                    .onItem().transformToUniAndConcatenate(message -> recover(tx, message, out, readyNow, later))
                    .collect().asList()
                    .chain(() -> events.appendAll(tx, out))
                    .chain(() -> activity.heartbeatsStopped(tx, held))
                    .chain(() -> readyNow.get() > 0 ? ready.notify(tx, readyNow.get()) : Uni.createFrom().voidItem())
                    .invoke(() -> held.forEach(m -> depth.changed(m.ref().workspaceId())))
                    .replaceWith(held.size());
        })).invoke(() -> later.forEach(alarm::set));
    }

    private Uni<Void> recover(SqlClient tx, HeldMessage held, List<EventEnvelope> out, AtomicInteger readyNow,
                              List<Due> later) {
        LifecycleData data = LifecycleData.of(held.ref()).withLease(held.workerId(), held.leaseId().toString(), null);
        out.add(events.event(LifecycleEvents.LEASE_EXPIRED, data.withFailure(EXPIRED, null, null)));
        if (policy.exhausted(held.ref().attempt())) {
            String reason = "attempts exhausted: " + EXPIRED;
            out.add(events.event(LifecycleEvents.DEAD_LETTERED, data.withFailure(reason, true, null)));
            return store.deadLetter(tx, held, reason).invoke(next -> {
                if (next.now()) {
                    readyNow.incrementAndGet();
                } else if (next.later()) {
                    later.add(next);
                }
            }).replaceWithVoid();
        }
        readyNow.incrementAndGet();
        return store.backToHead(tx, held, 0, held.backoffMs(), EXPIRED).replaceWithVoid();
    }
}
