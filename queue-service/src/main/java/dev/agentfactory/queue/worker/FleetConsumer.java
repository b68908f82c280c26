package dev.agentfactory.queue.worker;

import dev.agentfactory.platform.consumer.IncomingEvents;
import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.Topics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Projects {@code worker.status-changed} into {@code workers.status}. Idempotent and order-tolerant: a change
 * older than the one applied is ignored, and {@code stopped} is terminal.
 */
@ApplicationScoped
public class FleetConsumer {

    static final String TYPE = "worker.status-changed";
    private static final String UPSERT = "INSERT INTO queue.workers AS w (worker_id, status, reason, status_changed_at)"
            + " VALUES ($1, $2, $3, $4) ON CONFLICT (worker_id) DO UPDATE SET status = EXCLUDED.status,"
            + " reason = EXCLUDED.reason, status_changed_at = EXCLUDED.status_changed_at"
            + " WHERE w.status <> 'stopped'"
            + " AND (w.status_changed_at IS NULL OR w.status_changed_at <= EXCLUDED.status_changed_at)";

    private final Pool pool;

    public FleetConsumer(Pool pool) {
        this.pool = pool;
    }

    @Incoming(Topics.CHANNEL_SCHEDULER_FLEET)
    public Uni<Void> consume(String record) {
        EventEnvelope envelope = IncomingEvents.parse(record);
        if (!TYPE.equals(envelope.type())) {
            return Uni.createFrom().voidItem();
        }
        StatusChanged change = envelope.dataAs(StatusChanged.class);
        if (change.workerId() == null || change.status() == null) {
            throw new IncomingEvents.MalformedEventException("event " + envelope.eventId() + ": workerId and status are required");
        }
        Instant at = change.changedAt() == null ? envelope.occurredAt() : change.changedAt();
        return pool.preparedQuery(UPSERT).execute(Tuple.of(change.workerId(), change.status(), change.reason(),
                at == null ? null : at.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    public record StatusChanged(String workerId, String status, String reason, Instant changedAt) {
    }
}
