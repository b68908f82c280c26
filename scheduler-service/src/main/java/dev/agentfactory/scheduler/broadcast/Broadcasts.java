package dev.agentfactory.scheduler.broadcast;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.EventFactory;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.outbox.Outbox;
import dev.agentfactory.platform.problem.ProblemException;
import dev.agentfactory.scheduler.fleet.WorkerStore;
import dev.agentfactory.scheduler.support.EnqueuedMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
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
 * messageId {@code broadcast:<broadcastId>:<agentKey>}. With an idempotency key, a repeat answers the first
 * broadcast (the key is unique in the audit table, so even two racing repeats send once).
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

    /** The audit of a broadcast request; {@code replayed} when an earlier request with the same key sent it. */
    public record Sent(Audit audit, boolean replayed) {
    }

    public Uni<Sent> send(String text, String idempotencyKey) {
        if (idempotencyKey == null) {
            return create(text, null).map(audit -> new Sent(audit, false));
        }
        return findByKey(idempotencyKey).chain(earlier -> earlier != null
                ? replay(earlier, text)
                : create(text, idempotencyKey).map(audit -> new Sent(audit, false))
                        .onFailure(Broadcasts::isDuplicateKey)
                        .recoverWithUni(() -> findByKey(idempotencyKey).chain(winner -> replay(winner, text))));
    }

    private static Uni<Sent> replay(Audit earlier, String text) {
        if (!earlier.text().equals(text)) {
            return Uni.createFrom().failure(ProblemException.unprocessable("idempotency-key-reused",
                    "this Idempotency-Key was used for a broadcast with a different text"));
        }
        return Uni.createFrom().item(new Sent(earlier, true));
    }

    private static boolean isDuplicateKey(Throwable failure) {
        return failure instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    private Uni<Audit> findByKey(String idempotencyKey) {
        return pool.preparedQuery("SELECT *, agent_keys::text AS keys FROM scheduler.broadcasts WHERE idempotency_key = $1")
                .execute(Tuple.of(idempotencyKey))
                .map(rows -> rows.iterator().hasNext() ? of(rows.iterator().next()) : null);
    }

    private Uni<Audit> create(String text, String idempotencyKey) {
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
                                            + " agents_known, targets, enqueued, skipped_disabled, agent_keys, idempotency_key)"
                                            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9)")
                                    .execute(Tuple.from(new Object[]{broadcastId, text, WorkerStore.utc(now), known,
                                            targets.size(), messages.size(), known - targets.size(), Json.write(targets),
                                            idempotencyKey})))
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
