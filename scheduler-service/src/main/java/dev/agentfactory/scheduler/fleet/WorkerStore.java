package dev.agentfactory.scheduler.fleet;

import dev.agentfactory.scheduler.reconcile.Parking;
import dev.agentfactory.scheduler.reconcile.WorkerState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** SQL of the fleet projection. */
@ApplicationScoped
public class WorkerStore {

    static final String COLUMNS = "worker_id, status, reason, status_changed_at, spawned_at, app_name, machine_id,"
            + " machine_state, create_requested_at, create_confirmed_at, create_failed_at, first_claim_at, last_claim_at,"
            + " busy, idle_since, last_heartbeat_at, heartbeat_stale_at, stop_round, stop_sent_at, stop_confirmed_at,"
            + " destroy_round, destroy_sent_at, destroy_confirmed_at, park_cycle, suspend_round, suspend_sent_at,"
            + " suspend_confirmed_at, resumed_at, resume_round, resume_sent_at, resume_confirmed_at";

    /** Every live worker, locked for the reconcile transaction (consumers touching them wait). */
    public Uni<List<WorkerState>> lockLive(SqlClient tx) {
        return tx.query("SELECT " + COLUMNS + " FROM scheduler.workers WHERE status <> 'stopped'"
                        + " ORDER BY worker_id FOR UPDATE").execute()
                .map(rows -> {
                    List<WorkerState> fleet = new ArrayList<>();
                    rows.forEach(row -> fleet.add(state(row)));
                    return fleet;
                });
    }

    /**
     * Workers per status, with the active ones that are still starting ({@link WorkerState#starting()}, the
     * capacity decision's own definition) counted as {@code starting} instead of {@code active}.
     */
    public Uni<Map<String, Integer>> countByStatus(SqlClient client) {
        return client.query("SELECT " + COLUMNS + " FROM scheduler.workers WHERE status = 'active'").execute()
                .chain(active -> client.query("SELECT status, count(*)::int AS n FROM scheduler.workers"
                        + " WHERE status <> 'active' GROUP BY status").execute().map(others -> {
                            Map<String, Integer> counts = new TreeMap<>();
                            counts.put("starting", 0);
                            for (WorkerStatus status : WorkerStatus.values()) {
                                counts.put(status.wire(), 0);
                            }
                            active.forEach(row -> counts.merge(state(row).starting() ? "starting" : "active", 1,
                                    Integer::sum));
                            others.forEach(row -> counts.put(row.getString("status"), row.getInteger("n")));
                            return counts;
                        }));
    }

    public Uni<List<WorkerView>> list(SqlClient client, String status, int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM scheduler.workers WHERE ($1::text IS NULL OR status = $1)"
                        + " ORDER BY spawned_at DESC, worker_id LIMIT $2").execute(Tuple.of(status, limit))
                .map(rows -> {
                    List<WorkerView> views = new ArrayList<>();
                    rows.forEach(row -> views.add(WorkerView.of(row)));
                    return views;
                });
    }

    public Uni<WorkerView> find(SqlClient client, String workerId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM scheduler.workers WHERE worker_id = $1")
                .execute(Tuple.of(workerId))
                .map(rows -> rows.iterator().hasNext() ? WorkerView.of(rows.iterator().next()) : null);
    }

    public Uni<Void> stopSent(SqlClient tx, String workerId, int round, Instant now) {
        return tx.preparedQuery("UPDATE scheduler.workers SET stop_round = $2, stop_sent_at = $3 WHERE worker_id = $1")
                .execute(Tuple.of(workerId, round, utc(now))).replaceWithVoid();
    }

    public Uni<Void> destroySent(SqlClient tx, String workerId, int round, Instant now) {
        return tx.preparedQuery("UPDATE scheduler.workers SET destroy_round = $2, destroy_sent_at = $3 WHERE worker_id = $1")
                .execute(Tuple.of(workerId, round, utc(now))).replaceWithVoid();
    }

    /** A new park cycle begins: the previous cycle's suspend and resume bookkeeping is cleared. */
    public Uni<Void> parkCycleBegun(SqlClient tx, String workerId) {
        return tx.preparedQuery("UPDATE scheduler.workers SET park_cycle = park_cycle + 1, suspend_round = 0,"
                        + " suspend_sent_at = NULL, suspend_confirmed_at = NULL, resume_round = 0, resume_sent_at = NULL,"
                        + " resume_confirmed_at = NULL WHERE worker_id = $1")
                .execute(Tuple.of(workerId)).replaceWithVoid();
    }

    public Uni<Void> suspendSent(SqlClient tx, String workerId, int round, Instant now) {
        return tx.preparedQuery("UPDATE scheduler.workers SET suspend_round = $2, suspend_sent_at = $3 WHERE worker_id = $1")
                .execute(Tuple.of(workerId, round, utc(now))).replaceWithVoid();
    }

    public Uni<Void> resumed(SqlClient tx, String workerId, Instant now) {
        return tx.preparedQuery("UPDATE scheduler.workers SET resumed_at = $2, resume_confirmed_at = NULL WHERE worker_id = $1")
                .execute(Tuple.of(workerId, utc(now))).replaceWithVoid();
    }

    public Uni<Void> resumeSent(SqlClient tx, String workerId, int round, Instant now) {
        return tx.preparedQuery("UPDATE scheduler.workers SET resume_round = $2, resume_sent_at = $3 WHERE worker_id = $1")
                .execute(Tuple.of(workerId, round, utc(now))).replaceWithVoid();
    }

    public Uni<String> machineOf(SqlClient tx, String workerId) {
        return tx.preparedQuery("SELECT machine_id FROM scheduler.workers WHERE worker_id = $1").execute(Tuple.of(workerId))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("machine_id") : null);
    }

    /** Active workers whose create-machine command is not yet out (secret not stored or crash in between). */
    public Uni<List<String>> pendingCreates(SqlClient client) {
        return client.query("SELECT worker_id FROM scheduler.workers WHERE status = 'active'"
                        + " AND create_requested_at IS NULL AND create_failed_at IS NULL ORDER BY spawned_at, worker_id")
                .execute().map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getString("worker_id")));
                    return ids;
                });
    }

    /** Claims the right to emit the create command: true for exactly one caller, once. */
    public Uni<Boolean> markCreateRequested(SqlClient tx, String workerId, Instant now) {
        return tx.preparedQuery("UPDATE scheduler.workers SET secret_stored_at = coalesce(secret_stored_at, $2),"
                        + " create_requested_at = $2 WHERE worker_id = $1 AND status = 'active'"
                        + " AND create_requested_at IS NULL")
                .execute(Tuple.of(workerId, utc(now))).map(rows -> rows.rowCount() == 1);
    }

    static WorkerState state(Row row) {
        return new WorkerState(row.getString("worker_id"), WorkerStatus.of(row.getString("status")),
                instant(row, "spawned_at"), instant(row, "status_changed_at"), instant(row, "first_claim_at"),
                instant(row, "last_claim_at"), instant(row, "idle_since"), row.getBoolean("busy"),
                instant(row, "heartbeat_stale_at"), instant(row, "last_heartbeat_at"),
                row.getValue("create_failed_at") != null, row.getInteger("stop_round"), instant(row, "stop_sent_at"),
                row.getValue("stop_confirmed_at") != null, row.getInteger("destroy_round"),
                instant(row, "destroy_sent_at"), parking(row));
    }

    static Parking parking(Row row) {
        return new Parking(row.getInteger("park_cycle"), row.getInteger("suspend_round"), instant(row, "suspend_sent_at"),
                row.getValue("suspend_confirmed_at") != null, instant(row, "resumed_at"), row.getInteger("resume_round"),
                instant(row, "resume_sent_at"), row.getValue("resume_confirmed_at") != null);
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
