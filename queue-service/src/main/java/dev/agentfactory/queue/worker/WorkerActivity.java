package dev.agentfactory.queue.worker;

import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.EventFactory;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.outbox.Outbox;
import dev.agentfactory.queue.config.QueueConfig;
import dev.agentfactory.queue.lease.HeldMessage;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Worker activity ({@code af.workers.activity.v1}). Claims are noted in memory and flushed once a second
 * through the outbox: at most one {@code worker.claimed} per worker per flush (plus {@code worker.first-claim}
 * the first time), so the claim path writes only its own lifecycle event. {@code worker.idle} is reported once
 * per idle period, for workers without a lease and without a claim for {@code af.queue.idle-after}.
 * {@code worker.heartbeat-stale} is reported by the lease sweeper, in its own transaction, when a lease expires.
 */
@ApplicationScoped
public class WorkerActivity {

    static final String FIRST_CLAIM = "worker.first-claim";
    static final String CLAIMED = "worker.claimed";
    static final String IDLE = "worker.idle";
    static final String HEARTBEAT_STALE = "worker.heartbeat-stale";

    private static final String RECORD_CLAIM = "WITH old AS (SELECT first_claim_at FROM queue.workers WHERE worker_id = $1)"
            + " INSERT INTO queue.workers AS w (worker_id, first_claim_at, last_claim_at) VALUES ($1, $2, $2)"
            + " ON CONFLICT (worker_id) DO UPDATE SET last_claim_at = greatest(w.last_claim_at, EXCLUDED.last_claim_at),"
            + " first_claim_at = coalesce(w.first_claim_at, EXCLUDED.first_claim_at), idle_reported = false"
            + " RETURNING (SELECT first_claim_at FROM old) IS NULL AS first";
    private static final String RECORD_FINISH = "UPDATE queue.workers SET idle_since = greatest(idle_since, $2)"
            + " WHERE worker_id = $1";
    private static final String FIND_IDLE = "UPDATE queue.workers w SET idle_reported = true"
            + " WHERE NOT idle_reported AND last_claim_at IS NOT NULL"
            + " AND greatest(last_claim_at, idle_since) < now() - $1 * interval '1 millisecond'"
            + " AND NOT EXISTS (SELECT 1 FROM queue.conversations c WHERE c.lease_id IS NOT NULL AND c.worker_id = w.worker_id)"
            + " RETURNING worker_id, greatest(last_claim_at, idle_since) AS idle_since";

    private final Pool pool;
    private final Outbox outbox;
    private final EventFactory events;
    private final QueueConfig config;
    private final Map<String, ActivityData> claims = new ConcurrentHashMap<>();
    private final Map<String, Instant> finishes = new ConcurrentHashMap<>();

    public WorkerActivity(Pool pool, Outbox outbox, EventFactory events, QueueConfig config) {
        this.pool = pool;
        this.outbox = outbox;
        this.events = events;
        this.config = config;
    }

    public void claimed(String workerId, String messageId, String conversationId) {
        claims.put(workerId, new ActivityData(workerId, Instant.now(), messageId, conversationId, null, null));
    }

    public void finished(String workerId) {
        if (workerId != null) {
            finishes.put(workerId, Instant.now());
        }
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> flush() {
        List<ActivityData> pending = new ArrayList<>();
        claims.keySet().forEach(worker -> pending.add(claims.remove(worker)));
        Map<String, Instant> finished = Map.copyOf(finishes);
        finished.forEach(finishes::remove);
        return pool.withTransaction(tx -> Multi.createFrom().iterable(pending)
                .onItem().transformToUniAndConcatenate(claim -> recordClaim(tx, claim))
                .collect().asList()
                .chain(() -> Multi.createFrom().iterable(finished.entrySet())
                        .onItem().transformToUniAndConcatenate(e -> tx.preparedQuery(RECORD_FINISH)
                                .execute(Tuple.of(e.getKey(), e.getValue().atOffset(ZoneOffset.UTC))))
                        .collect().asList())
                .chain(() -> reportIdle(tx)));
    }

    /**
     * Appends {@code worker.heartbeat-stale} once per worker among {@code expired}: each held a message and sent no
     * heartbeat for a whole lease. Its last sign of life is when the lease was last granted or extended.
     */
    public Uni<Void> heartbeatsStopped(SqlClient tx, List<HeldMessage> expired) {
        Instant now = Instant.now();
        Map<String, EventEnvelope> byWorker = new LinkedHashMap<>();
        for (HeldMessage held : expired) {
            if (held.workerId() == null || held.leaseExpiresAt() == null) {
                continue; // a repaired row: no lease timing to judge the worker by
            }
            Instant lastHeartbeat = held.leaseExpiresAt().minus(config.leaseDuration());
            byWorker.putIfAbsent(held.workerId(), events.create(HEARTBEAT_STALE, held.workerId(), new ActivityData(
                    held.workerId(), now, held.ref().messageId(), held.ref().conversationId(), null, lastHeartbeat)));
        }
        return outbox.appendAll(tx, Topics.WORKERS_ACTIVITY, List.copyOf(byWorker.values()));
    }

    private Uni<Void> recordClaim(SqlClient tx, ActivityData claim) {
        return tx.preparedQuery(RECORD_CLAIM).execute(Tuple.of(claim.workerId(), claim.at().atOffset(ZoneOffset.UTC)))
                .chain(rows -> {
                    List<EventEnvelope> out = new ArrayList<>(2);
                    if (rows.iterator().next().getBoolean("first")) {
                        out.add(events.create(FIRST_CLAIM, claim.workerId(), claim));
                    }
                    out.add(events.create(CLAIMED, claim.workerId(), claim));
                    return outbox.appendAll(tx, Topics.WORKERS_ACTIVITY, out);
                });
    }

    private Uni<Void> reportIdle(SqlClient tx) {
        return tx.preparedQuery(FIND_IDLE).execute(Tuple.of(config.idleAfter().toMillis())).chain(rows -> {
            List<EventEnvelope> out = new ArrayList<>();
            Instant now = Instant.now();
            for (Row row : rows) {
                OffsetDateTime since = row.getOffsetDateTime("idle_since");
                String worker = row.getString("worker_id");
                out.add(events.create(IDLE, worker, new ActivityData(worker, now, null, null,
                        since == null ? now : since.toInstant(), null)));
            }
            return outbox.appendAll(tx, Topics.WORKERS_ACTIVITY, out);
        });
    }
}
