package dev.agentfactory.scheduler.fleet;

import dev.agentfactory.platform.consumer.IncomingEvents;
import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.scheduler.reconcile.ReconcileTrigger;
import dev.agentfactory.scheduler.support.Consumption;
import dev.agentfactory.scheduler.support.Times;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;

/**
 * Worker activity from the queue (af.workers.activity.v1) into the fleet projection: first claim (booted),
 * claims (busy), idle (lease-free since), stale heartbeats. Events are applied by their own timestamps, so
 * late or reordered deliveries never move a worker back in time.
 */
@ApplicationScoped
public class ActivityConsumer {

    private static final String CLAIM = "UPDATE scheduler.workers SET first_claim_at = coalesce(first_claim_at, $2),"
            + " last_claim_at = greatest(last_claim_at, $2),"
            + " busy = CASE WHEN activity_at IS NULL OR $2 >= activity_at THEN true ELSE busy END,"
            + " activity_at = greatest(activity_at, $2),"
            + " heartbeat_stale_at = CASE WHEN heartbeat_stale_at < $2 THEN NULL ELSE heartbeat_stale_at END"
            + " WHERE worker_id = $1";
    private static final String IDLE = "UPDATE scheduler.workers SET idle_since = greatest(idle_since, $3),"
            + " busy = CASE WHEN activity_at IS NULL OR $2 >= activity_at THEN false ELSE busy END,"
            + " activity_at = greatest(activity_at, $2) WHERE worker_id = $1";
    private static final String STALE = "UPDATE scheduler.workers SET heartbeat_stale_at = $2,"
            + " last_heartbeat_at = greatest(last_heartbeat_at, $3) WHERE worker_id = $1";

    private final Consumption consumption;
    private final ReconcileTrigger trigger;

    public ActivityConsumer(Consumption consumption, ReconcileTrigger trigger) {
        this.consumption = consumption;
        this.trigger = trigger;
    }

    @Incoming(Topics.CHANNEL_WORKERS_ACTIVITY)
    public Uni<Void> onActivity(String value) {
        EventEnvelope event = IncomingEvents.parse(value);
        return consumption.once("fleet-activity", event, tx -> apply(tx, event))
                .invoke(wake -> {
                    if (wake) {
                        trigger.request("heartbeat-stale");
                    }
                }).replaceWithVoid();
    }

    private Uni<Boolean> apply(SqlClient tx, EventEnvelope event) {
        String workerId = Times.text(event.data(), "workerId");
        Instant at = Times.at(event.data(), "at", event.occurredAt());
        if (workerId == null) {
            return Uni.createFrom().item(false);
        }
        return switch (event.type()) {
            case "worker.first-claim", "worker.claimed" -> update(tx, CLAIM, Tuple.of(workerId, WorkerStore.utc(at)), false);
            case "worker.idle" -> update(tx, IDLE, Tuple.of(workerId, WorkerStore.utc(at),
                    WorkerStore.utc(Times.at(event.data(), "idleSince", at))), false);
            case "worker.heartbeat-stale" -> update(tx, STALE, Tuple.of(workerId, WorkerStore.utc(at),
                    WorkerStore.utc(Times.at(event.data(), "lastHeartbeatAt", null))), true);
            default -> Uni.createFrom().item(false);
        };
    }

    private static Uni<Boolean> update(SqlClient tx, String sql, Tuple args, boolean wake) {
        return tx.preparedQuery(sql).execute(args).map(rows -> wake && rows.rowCount() > 0);
    }
}
