package dev.agentfactory.scheduler.broadcast;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.EventFactory;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.outbox.Outbox;
import dev.agentfactory.scheduler.fleet.WorkerStore;
import dev.agentfactory.scheduler.support.EnqueuedMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A broadcast enqueues, in one transaction with its audit row, one {@code message.enqueued} (origin broadcast)
 * per enabled agent of the catalog projection. Each agent's broadcasts go to its own conversation
 * {@code broadcast:<agentKey>} in workspace {@code default} (FIFO per agent, one worker lock per agent), with
 * messageId {@code broadcast:<broadcastId>:<agentKey>}.
 */
@ApplicationScoped
public class Broadcasts {

    private static final int PRIORITY = 3;

    private final Pool pool;
    private final Outbox outbox;
    private final EventFactory events;

    public Broadcasts(Pool pool, Outbox outbox, EventFactory events) {
        this.pool = pool;
        this.outbox = outbox;
        this.events = events;
    }

    public record Audit(String broadcastId, String text, Instant requestedAt, int agentsKnown, int targets,
                        int enqueued, int skippedDisabled, List<String> agentKeys) {
    }

    public Uni<Audit> send(String text) {
        String broadcastId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        return pool.withTransaction(tx -> tx.query("SELECT agent_key, enabled FROM scheduler.agents WHERE NOT deleted"
                + " ORDER BY agent_key").execute().chain(rows -> {
                    List<String> targets = new ArrayList<>();
                    for (Row row : rows) {
                        if (row.getBoolean("enabled")) {
                            targets.add(row.getString("agent_key"));
                        }
                    }
                    int known = rows.size();
                    List<EventEnvelope> messages = targets.stream().map(agent -> {
                        String conversation = "broadcast:" + agent;
                        return events.create("message.enqueued", conversation, new EnqueuedMessage(
                                "broadcast:" + broadcastId + ":" + agent, "default", agent, conversation, PRIORITY,
                                null, "broadcast", now, new EnqueuedMessage.Payload(text, "broadcast", null), null));
                    }).toList();
                    Audit audit = new Audit(broadcastId, text, now, known, targets.size(), messages.size(),
                            known - targets.size(), targets);
                    return outbox.appendAll(tx, Topics.MESSAGES_ENQUEUED, messages)
                            .chain(() -> tx.preparedQuery("INSERT INTO scheduler.broadcasts (broadcast_id, text, requested_at,"
                                            + " agents_known, targets, enqueued, skipped_disabled, agent_keys)"
                                            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb)")
                                    .execute(Tuple.from(new Object[]{broadcastId, text, WorkerStore.utc(now), known,
                                            targets.size(), messages.size(), known - targets.size(), Json.write(targets)})))
                            .replaceWith(audit);
                }));
    }

    public Uni<List<Audit>> list(int limit) {
        return pool.preparedQuery("SELECT *, agent_keys::text AS keys FROM scheduler.broadcasts ORDER BY requested_at DESC LIMIT $1")
                .execute(Tuple.of(limit)).map(rows -> {
                    List<Audit> list = new ArrayList<>();
                    rows.forEach(row -> list.add(of(row)));
                    return list;
                });
    }

    public Uni<Audit> find(String broadcastId) {
        return pool.preparedQuery("SELECT *, agent_keys::text AS keys FROM scheduler.broadcasts WHERE broadcast_id = $1")
                .execute(Tuple.of(broadcastId))
                .map(rows -> rows.iterator().hasNext() ? of(rows.iterator().next()) : null);
    }

    private static Audit of(Row r) {
        return new Audit(r.getString("broadcast_id"), r.getString("text"),
                r.getOffsetDateTime("requested_at").toInstant(), r.getInteger("agents_known"), r.getInteger("targets"),
                r.getInteger("enqueued"), r.getInteger("skipped_disabled"),
                Json.MAPPER.convertValue(Json.read(r.getString("keys"), com.fasterxml.jackson.databind.JsonNode.class),
                        new TypeReference<List<String>>() {
                        }));
    }
}
