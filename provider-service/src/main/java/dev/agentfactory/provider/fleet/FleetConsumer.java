package dev.agentfactory.provider.fleet;

import dev.agentfactory.platform.consumer.IncomingEvents;
import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.Topics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Keeps the fleet projection (which workers exist and in what status) from the scheduler's compacted fleet
 * topic, so inventory sync can tell a machine without a worker from a worker without a machine. Idempotent by
 * natural key: an older or repeated change never overwrites a newer one.
 */
@ApplicationScoped
public class FleetConsumer {

    private static final String UPSERT = "INSERT INTO provider.workers (worker_id, status, machine_id, app_name, changed_at)"
            + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (worker_id) DO UPDATE SET status = $2,"
            + " machine_id = COALESCE($3, workers.machine_id), app_name = COALESCE($4, workers.app_name), changed_at = $5"
            + " WHERE workers.changed_at <= $5";

    private final Pool pool;

    public FleetConsumer(Pool pool) {
        this.pool = pool;
    }

    @Incoming(Topics.CHANNEL_SCHEDULER_FLEET)
    public Uni<Void> consume(String value) {
        EventEnvelope envelope = IncomingEvents.parse(value);
        if (!"worker.status-changed".equals(envelope.type())) {
            return Uni.createFrom().voidItem();
        }
        WorkerStatusChanged change = envelope.dataAs(WorkerStatusChanged.class);
        if (change.workerId() == null || change.status() == null || change.changedAt() == null) {
            throw new IncomingEvents.MalformedEventException("worker.status-changed needs workerId, status and changedAt");
        }
        return pool.preparedQuery(UPSERT).execute(Tuple.from(Arrays.asList(change.workerId(), change.status(),
                change.machineId(), change.appName(), change.changedAt().atOffset(ZoneOffset.UTC)))).replaceWithVoid();
    }
}
