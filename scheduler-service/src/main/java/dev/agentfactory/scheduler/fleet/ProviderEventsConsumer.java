package dev.agentfactory.scheduler.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.consumer.IncomingEvents;
import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.scheduler.reconcile.ReconcileTrigger;
import dev.agentfactory.scheduler.spawn.ProviderCommand;
import dev.agentfactory.scheduler.support.Consumption;
import dev.agentfactory.scheduler.support.Times;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Provider outcomes (af.provider.machines.v1) into the fleet: confirmed creates (machine id), confirmed stops,
 * the destroy confirmation that makes a worker stopped, and the suspends (parking → parked) and resumes of the
 * parked pool. A failed create makes the next reconcile drain the
 * slot; other failures are retried by the reconcile's command rounds.
 */
@ApplicationScoped
public class ProviderEventsConsumer {

    private final Consumption consumption;
    private final FleetTransitions transitions;
    private final ReconcileTrigger trigger;

    public ProviderEventsConsumer(Consumption consumption, FleetTransitions transitions, ReconcileTrigger trigger) {
        this.consumption = consumption;
        this.transitions = transitions;
        this.trigger = trigger;
    }

    @Incoming(Topics.CHANNEL_PROVIDER_MACHINES)
    public Uni<Void> onProviderEvent(String value) {
        EventEnvelope event = IncomingEvents.parse(value);
        return consumption.once("fleet-provider", event, tx -> apply(tx, event))
                .invoke(wake -> {
                    if (wake) {
                        trigger.request(event.type());
                    }
                }).replaceWithVoid();
    }

    private Uni<Boolean> apply(SqlClient tx, EventEnvelope event) {
        JsonNode data = event.data();
        return switch (event.type()) {
            case "provider.command.succeeded" -> succeeded(tx, data, workerOf(data));
            case "provider.command.failed" -> failed(tx, data, workerOf(data));
            case "provider.machine.observed" -> observed(tx, data);
            default -> Uni.createFrom().item(false);
        };
    }

    private Uni<Boolean> succeeded(SqlClient tx, JsonNode data, String workerId) {
        Instant at = Times.at(data, "at", Instant.now());
        String machineId = Times.text(data, "machineId");
        if (workerId == null) {
            return Uni.createFrom().item(false);
        }
        return switch (data.path("action").asText()) {
            case "create-machine" -> update(tx, "create_confirmed_at = coalesce(create_confirmed_at, $2)", workerId, at, machineId);
            case "stop-machine" -> update(tx, "stop_confirmed_at = coalesce(stop_confirmed_at, $2)", workerId, at, machineId);
            case "destroy-machine" -> destroyed(tx, workerId, at, machineId);
            case "suspend-machine" -> suspended(tx, workerId, ProviderCommand.cycleOf(Times.text(data, "commandId")), at,
                    machineId);
            case "start-machine" -> resumeConfirmed(tx, workerId, ProviderCommand.cycleOf(Times.text(data, "commandId")),
                    at, machineId);
            default -> Uni.createFrom().item(false);
        };
    }

    private static Uni<Boolean> resumeConfirmed(SqlClient tx, String workerId, int cycle, Instant at, String machineId) {
        return cycle < 0 ? Uni.createFrom().item(false)
                : update(tx, "resume_confirmed_at = coalesce(resume_confirmed_at, $2)", workerId, at, machineId, cycle);
    }

    /** The machine of the current park cycle is suspended: parking → parked. */
    private Uni<Boolean> suspended(SqlClient tx, String workerId, int cycle, Instant at, String machineId) {
        return update(tx, "suspend_confirmed_at = coalesce(suspend_confirmed_at, $2)", workerId, at, machineId, cycle)
                .chain(current -> !current ? Uni.createFrom().item(false)
                        : transitions.change(tx, workerId, EnumSet.of(WorkerStatus.PARKING), WorkerStatus.PARKED,
                                "suspended", at));
    }

    /**
     * A suspend or resume of the current cycle failed for good (the provider gave up retrying): the worker cannot
     * be pooled or did not come back, so it is drained and torn down like any other.
     */
    private Uni<Boolean> poolCommandFailed(SqlClient tx, String workerId, int cycle, WorkerStatus from, String reason,
                                           Instant at) {
        return tx.preparedQuery("SELECT 1 FROM scheduler.workers WHERE worker_id = $1 AND park_cycle = $2")
                .execute(Tuple.of(workerId, cycle)).chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(false)
                        : transitions.change(tx, workerId, EnumSet.of(from), WorkerStatus.DRAINING, reason, at));
    }

    private Uni<Boolean> failed(SqlClient tx, JsonNode data, String workerId) {
        Instant at = Times.at(data, "at", Instant.now());
        if (workerId == null) {
            return Uni.createFrom().item(false);
        }
        String action = data.path("action").asText();
        if ("create-machine".equals(action)) {
            return update(tx, "create_failed_at = coalesce(create_failed_at, $2)", workerId, at, null);
        }
        int cycle = ProviderCommand.cycleOf(Times.text(data, "commandId"));
        if ("suspend-machine".equals(action)) {
            return poolCommandFailed(tx, workerId, cycle, WorkerStatus.PARKING, "suspend-failed", at);
        }
        if ("start-machine".equals(action) && cycle >= 0) {
            return poolCommandFailed(tx, workerId, cycle, WorkerStatus.ACTIVE, "resume-failed", at);
        }
        boolean gone = "not_found".equals(Times.text(data, "errorCode"));
        return (gone ? Uni.createFrom().item(true) : neverHadMachine(tx, workerId)).chain(nothingThere -> {
            if (!nothingThere) {
                return Uni.createFrom().item(false); // the next stop or destroy round retries
            }
            return switch (action) {
                case "stop-machine" -> update(tx, "stop_confirmed_at = coalesce(stop_confirmed_at, $2)", workerId, at, null);
                case "destroy-machine" -> destroyed(tx, workerId, at, null);
                default -> Uni.createFrom().item(false);
            };
        });
    }

    /** A worker whose create failed and that never got a machine: a failed stop or destroy has nothing to act on. */
    private static Uni<Boolean> neverHadMachine(SqlClient tx, String workerId) {
        return tx.preparedQuery("SELECT 1 FROM scheduler.workers WHERE worker_id = $1"
                        + " AND create_failed_at IS NOT NULL AND machine_id IS NULL")
                .execute(Tuple.of(workerId)).map(rows -> rows.rowCount() > 0);
    }

    private Uni<Boolean> observed(SqlClient tx, JsonNode data) {
        String machineId = Times.text(data, "machineId");
        String state = Times.text(data, "state");
        Instant at = Times.at(data, "observedAt", Instant.now());
        String workerId = Times.text(data, "workerId");
        return tx.preparedQuery("UPDATE scheduler.workers SET machine_id = coalesce($2, machine_id),"
                        + " machine_state = CASE WHEN machine_observed_at IS NULL OR machine_observed_at <= $4 THEN $3 ELSE machine_state END,"
                        + " machine_observed_at = greatest(machine_observed_at, $4),"
                        + " stop_confirmed_at = CASE WHEN $3 IN ('stopped', 'destroyed') AND status = 'stopping'"
                        + "   THEN coalesce(stop_confirmed_at, $4) ELSE stop_confirmed_at END"
                        + " WHERE worker_id = coalesce($1, (SELECT worker_id FROM scheduler.workers WHERE machine_id = $2 LIMIT 1))"
                        + " RETURNING worker_id, status")
                .execute(Tuple.of(workerId, machineId, state, WorkerStore.utc(at)))
                .chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().item(false);
                    }
                    String id = rows.iterator().next().getString("worker_id");
                    return "destroyed".equals(state) ? destroyed(tx, id, at, machineId)
                            : Uni.createFrom().item("stopped".equals(state));
                });
    }

    private Uni<Boolean> destroyed(SqlClient tx, String workerId, Instant at, String machineId) {
        return update(tx, "destroy_confirmed_at = coalesce(destroy_confirmed_at, $2)", workerId, at, machineId)
                .chain(() -> transitions.change(tx, workerId,
                        EnumSet.of(WorkerStatus.ACTIVE, WorkerStatus.DRAINING, WorkerStatus.STOPPING,
                                WorkerStatus.PARKING, WorkerStatus.PARKED),
                        WorkerStatus.STOPPED, "machine-destroyed", at))
                .replaceWith(false);
    }

    private static Uni<Boolean> update(SqlClient tx, String set, String workerId, Instant at, String machineId) {
        return update(tx, set, workerId, at, machineId, -1);
    }

    /** With {@code cycle >= 0}, only while the worker is still in that park cycle (older outcomes change nothing). */
    private static Uni<Boolean> update(SqlClient tx, String set, String workerId, Instant at, String machineId, int cycle) {
        return tx.preparedQuery("UPDATE scheduler.workers SET " + set + ", machine_id = coalesce($3, machine_id)"
                        + " WHERE worker_id = $1 AND ($4 < 0 OR park_cycle = $4)")
                .execute(Tuple.of(workerId, WorkerStore.utc(at), machineId, cycle)).map(rows -> rows.rowCount() > 0);
    }

    /** The worker a command outcome is about: its workerId, else the one encoded in the scheduler's commandId. */
    static String workerOf(JsonNode data) {
        String workerId = Times.text(data, "workerId");
        if (workerId != null) {
            return workerId;
        }
        String commandId = Times.text(data, "commandId");
        if (commandId == null) {
            return null;
        }
        String[] parts = commandId.split(":");
        return parts.length >= 2 && Set.of("create", "stop", "destroy", "suspend", "resume").contains(parts[0])
                ? parts[1] : null;
    }
}
