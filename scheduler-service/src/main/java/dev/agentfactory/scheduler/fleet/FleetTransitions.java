package dev.agentfactory.scheduler.fleet;

import dev.agentfactory.platform.event.EventFactory;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Set;

/**
 * Moves a worker forward in its lifecycle and publishes {@code worker.status-changed} in the same
 * transaction. A transition from a status the worker is no longer in changes nothing (status never regresses).
 */
@ApplicationScoped
public class FleetTransitions {

    private static final String CHANGE = "UPDATE scheduler.workers w SET status = $2, reason = $3, status_changed_at = $4"
            + " FROM (SELECT worker_id, status AS previous FROM scheduler.workers WHERE worker_id = $1 FOR UPDATE) p"
            + " WHERE w.worker_id = p.worker_id AND p.previous = ANY($5)"
            + " RETURNING p.previous, w.machine_id, w.app_name";

    private final Outbox outbox;
    private final EventFactory events;

    public FleetTransitions(Outbox outbox, EventFactory events) {
        this.outbox = outbox;
        this.events = events;
    }

    /** Records a newly spawned worker slot (status active, reason spawned). */
    public Uni<Void> spawned(SqlClient tx, String workerId, String appName, Instant now) {
        return tx.preparedQuery("INSERT INTO scheduler.workers (worker_id, status, reason, status_changed_at, spawned_at, app_name)"
                        + " VALUES ($1, 'active', 'spawned', $2, $2, $3)")
                .execute(Tuple.of(workerId, now.atOffset(ZoneOffset.UTC), appName))
                .chain(() -> publish(tx, new StatusChanged(workerId, WorkerStatus.ACTIVE.wire(), null, "spawned", now,
                        null, appName)));
    }

    /** @return true when the worker was in one of {@code from} and is now in {@code to} */
    public Uni<Boolean> change(SqlClient tx, String workerId, Set<WorkerStatus> from, WorkerStatus to, String reason,
                               Instant now) {
        String[] previous = from.stream().map(WorkerStatus::wire).toArray(String[]::new);
        Arrays.sort(previous);
        return tx.preparedQuery(CHANGE)
                .execute(Tuple.of(workerId, to.wire(), reason, now.atOffset(ZoneOffset.UTC), previous))
                .chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().item(false);
                    }
                    Row row = rows.iterator().next();
                    return publish(tx, new StatusChanged(workerId, to.wire(), row.getString("previous"), reason, now,
                            row.getString("machine_id"), row.getString("app_name"))).replaceWith(true);
                });
    }

    private Uni<Void> publish(SqlClient tx, StatusChanged change) {
        return outbox.append(tx, Topics.SCHEDULER_FLEET,
                events.create("worker.status-changed", change.workerId(), change, change.changedAt()));
    }
}
