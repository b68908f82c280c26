package dev.agentfactory.scheduler.demand;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.consumer.IncomingEvents;
import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.scheduler.fleet.WorkerStore;
import dev.agentfactory.scheduler.reconcile.ReconcileTrigger;
import dev.agentfactory.scheduler.support.Times;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Queue depth per workspace (af.queue.depth.v1, compacted) into the demand projection, then an immediate,
 * coalesced reconcile. The natural key (workspace, measuredAt) makes redeliveries and stale records no-ops.
 */
@ApplicationScoped
public class DepthConsumer {

    private static final String UPSERT = "INSERT INTO scheduler.depth (workspace_id, ready_messages, ready_conversations,"
            + " busy_conversations, delayed_messages, dead_letters, oldest_ready_age_ms, measured_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
            + " ON CONFLICT (workspace_id) DO UPDATE SET ready_messages = EXCLUDED.ready_messages,"
            + " ready_conversations = EXCLUDED.ready_conversations, busy_conversations = EXCLUDED.busy_conversations,"
            + " delayed_messages = EXCLUDED.delayed_messages, dead_letters = EXCLUDED.dead_letters,"
            + " oldest_ready_age_ms = EXCLUDED.oldest_ready_age_ms, measured_at = EXCLUDED.measured_at"
            + " WHERE scheduler.depth.measured_at <= EXCLUDED.measured_at";

    private final Pool pool;
    private final ReconcileTrigger trigger;

    public DepthConsumer(Pool pool, ReconcileTrigger trigger) {
        this.pool = pool;
        this.trigger = trigger;
    }

    @Incoming(Topics.CHANNEL_QUEUE_DEPTH)
    public Uni<Void> onDepth(String value) {
        EventEnvelope event = IncomingEvents.parse(value);
        if (!"queue.depth".equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        JsonNode d = event.data();
        String workspace = Times.text(d, "workspaceId");
        if (workspace == null) {
            throw new IncomingEvents.MalformedEventException("queue.depth without workspaceId");
        }
        Tuple row = Tuple.tuple().addString(workspace).addInteger(d.path("readyMessages").asInt())
                .addInteger(d.path("readyConversations").asInt()).addInteger(d.path("busyConversations").asInt())
                .addInteger(d.path("delayedMessages").asInt()).addInteger(d.path("deadLetters").asInt())
                .addLong(d.path("oldestReadyAgeMs").asLong())
                .addOffsetDateTime(WorkerStore.utc(Times.at(d, "measuredAt", event.occurredAt())));
        return pool.preparedQuery(UPSERT).execute(row)
                .invoke(rows -> {
                    if (rows.rowCount() > 0) {
                        trigger.request("depth");
                    }
                }).replaceWithVoid();
    }
}
