package dev.agentfactory.provider.command;

import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.EventFactory;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Event-sourced command records: every transition appends to {@code command_events} and updates the
 * {@code commands} projection in one transaction, together with the outcome event in the outbox.
 */
@ApplicationScoped
public class CommandStore {

    /** The end of a running attempt's lease, from the lease in milliseconds as parameter $2. */
    private static final String LEASE_END = "now() + $2 * interval '1 millisecond'";

    private static final String COLUMNS = "command_id, action, app_name, worker_id, request::text, status, attempt,"
            + " machine_id, volume_id, created_at";
    private static final String APPEND = "INSERT INTO provider.command_events (command_id, status, attempt, machine_id,"
            + " volume_id, error, error_code, next_attempt_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)";

    private final Pool pool;
    private final Outbox outbox;
    private final EventFactory events;

    public CommandStore(Pool pool, Outbox outbox, EventFactory events) {
        this.pool = pool;
        this.outbox = outbox;
        this.events = events;
    }

    /** Records a new command as requested; false when the commandId is already known (a duplicate). */
    public Uni<Boolean> insertRequested(SqlClient tx, CommandRequest c) {
        return tx.preparedQuery("INSERT INTO provider.commands (command_id, action, app_name, worker_id, request, status)"
                        + " VALUES ($1,$2,$3,$4,$5::text::jsonb,'requested') ON CONFLICT (command_id) DO NOTHING")
                .execute(Tuple.of(c.commandId(), c.action(), c.appName(), c.workerId(), Json.write(c)))
                .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(false)
                        : append(tx, c.commandId(), CommandRecord.REQUESTED, 0, null, null, null, null, null)
                        .replaceWith(true));
    }

    /**
     * Starts the next attempt (running, attempt + 1, leased until {@code now + lease}) if the command is due:
     * requested, retrying with its time come, or running with its lease expired (its runner stopped or crashed).
     * Empty when it is finished, not due yet, or running under a live lease. In a running row,
     * {@code next_attempt_at} is the end of the lease.
     */
    public Uni<Optional<CommandRecord>> begin(String commandId, Duration lease) {
        return pool.withTransaction(tx -> tx.preparedQuery("UPDATE provider.commands SET status = 'running',"
                        + " attempt = attempt + 1, next_attempt_at = " + LEASE_END + ", updated_at = now() WHERE command_id = $1"
                        + " AND (status = 'requested' OR (status IN ('retrying', 'running')"
                        + " AND (next_attempt_at IS NULL OR next_attempt_at <= now())))"
                        + " RETURNING " + COLUMNS).execute(Tuple.of(commandId, lease.toMillis()))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(Optional.<CommandRecord>empty());
                    }
                    CommandRecord record = record(rows.iterator().next());
                    return append(tx, commandId, CommandRecord.RUNNING, record.attempt(), record.machineId(),
                            record.volumeId(), null, null, null).replaceWith(Optional.of(record));
                }));
    }

    /** Remembers a volume created inside an attempt, so a retry mounts it instead of creating another. */
    public Uni<Void> volumeCreated(CommandRecord r, String volumeId) {
        return pool.withTransaction(tx -> tx.preparedQuery("UPDATE provider.commands SET volume_id = $2, updated_at = now()"
                        + " WHERE command_id = $1").execute(Tuple.of(r.commandId(), volumeId))
                .chain(() -> append(tx, r.commandId(), CommandRecord.VOLUME_CREATED, r.attempt(), null, volumeId,
                        null, null, null)));
    }

    /** Finishes the command and appends its outcome event, plus whatever {@code more} adds, in one transaction. */
    public Uni<Void> finish(CommandOutcome outcome, String eventType, Function<SqlClient, Uni<Void>> more) {
        return pool.withTransaction(tx -> finish(tx, outcome, eventType).chain(() -> more.apply(tx)));
    }

    /** Records the outcome (succeeded, retrying or failed) inside the caller's transaction. */
    public Uni<Void> finish(SqlClient tx, CommandOutcome outcome, String eventType) {
        String status = switch (eventType) {
            case CommandOutcome.SUCCEEDED -> CommandRecord.SUCCEEDED;
            case CommandOutcome.RETRYING -> CommandRecord.RETRYING;
            default -> CommandRecord.FAILED;
        };
        OffsetDateTime next = outcome.nextAttemptAt() == null ? null : outcome.nextAttemptAt().atOffset(ZoneOffset.UTC);
        EventEnvelope event = events.create(eventType, outcome.subject(), outcome);
        return tx.preparedQuery("UPDATE provider.commands SET status = $2, attempt = GREATEST(attempt, $3),"
                        + " machine_id = COALESCE($4, machine_id), volume_id = COALESCE($5, volume_id), last_error = $6,"
                        + " error_code = $7, next_attempt_at = $8, updated_at = now() WHERE command_id = $1")
                .execute(Tuple.from(Arrays.asList(outcome.commandId(), status, outcome.attempt(), outcome.machineId(),
                        outcome.volumeId(), outcome.error(), outcome.errorCode(), next)))
                .chain(() -> append(tx, outcome.commandId(), status, outcome.attempt(), outcome.machineId(),
                        outcome.volumeId(), outcome.error(), outcome.errorCode(), next))
                .chain(() -> outbox.append(tx, Topics.PROVIDER_MACHINES, event));
    }

    /** Extends the leases of the attempts this instance is running. */
    public Uni<Void> renew(Collection<String> commandIds, Duration lease) {
        if (commandIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("UPDATE provider.commands SET next_attempt_at = " + LEASE_END
                        + " WHERE command_id = ANY($1) AND status = 'running'")
                .execute(Tuple.of(commandIds.toArray(String[]::new), lease.toMillis())).replaceWithVoid();
    }

    /** Commands a sweep should (re)start: unfinished and due. */
    public Uni<List<String>> due(int limit) {
        return pool.preparedQuery("SELECT command_id FROM provider.commands WHERE status IN ('requested', 'running', 'retrying')"
                        + " AND (next_attempt_at IS NULL OR next_attempt_at <= now()) ORDER BY created_at LIMIT $1")
                .execute(Tuple.of(limit)).map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString(0)));
                    return ids;
                });
    }

    public Uni<Optional<CommandRecord>> find(String commandId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM provider.commands WHERE command_id = $1")
                .execute(Tuple.of(commandId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(record(rows.iterator().next())));
    }

    /** The command's history, oldest first (status per event). */
    public Uni<List<String>> history(String commandId) {
        return pool.preparedQuery("SELECT status FROM provider.command_events WHERE command_id = $1 ORDER BY id")
                .execute(Tuple.of(commandId)).map(rows -> {
                    List<String> statuses = new ArrayList<>();
                    rows.forEach(r -> statuses.add(r.getString(0)));
                    return statuses;
                });
    }

    private Uni<Void> append(SqlClient tx, String commandId, String status, int attempt, String machineId,
                             String volumeId, String error, String errorCode, OffsetDateTime next) {
        return tx.preparedQuery(APPEND).execute(Tuple.from(Arrays.asList(commandId, status, attempt, machineId, volumeId,
                error, errorCode, next))).replaceWithVoid();
    }

    private static CommandRecord record(Row r) {
        return new CommandRecord(r.getString("command_id"), r.getString("action"), r.getString("app_name"),
                r.getString("worker_id"), Json.read(r.getString("request"), CommandRequest.class), r.getString("status"),
                r.getInteger("attempt"), r.getString("machine_id"), r.getString("volume_id"),
                r.getOffsetDateTime("created_at").toInstant());
    }
}
