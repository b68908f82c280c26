package dev.agentfactory.queue.ingest;

import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.queue.claim.AfterCommit;
import dev.agentfactory.queue.claim.Due;
import dev.agentfactory.queue.claim.HandOff;
import dev.agentfactory.queue.depth.DepthTracker;
import dev.agentfactory.queue.event.LifecycleData;
import dev.agentfactory.queue.event.LifecycleEvents;
import dev.agentfactory.queue.event.MessageRef;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Stores an accepted message once (its id is the natural key) and makes it the head of its conversation when
 * the conversation has none, in one transaction with its {@code queue.message.enqueued} event; a head that is
 * claimable at once goes to a claim waiting on this instance in the same transaction, a delayed one is announced
 * when it comes due ({@link HandOff}).
 */
@ApplicationScoped
public class EnqueueStore {

    // one statement (one round trip): the message, once, and its conversation's head when it has none; no row
    // for a redelivery. due_ms: when the message is claimable if it became the head (null if it did not).
    private static final String STORE = "WITH added AS ("
            + " INSERT INTO queue.messages (message_id, workspace_id, agent_key, conversation_id, priority, status,"
            + " available_at, origin, received_at, consumer_user_id, payload)"
            + " VALUES ($1, $2, $3, $4, $5, 'queued', coalesce($6, now()), $7, $8, $9, $10::text::jsonb)"
            + " ON CONFLICT (message_id) DO NOTHING RETURNING seq, priority, available_at"
            + "), head AS ("
            + " INSERT INTO queue.conversations AS c (conversation_id, workspace_id, agent_key, head_seq,"
            + " head_priority, head_available_at, tail_seq, queued)"
            + " SELECT $4, $2, $3, a.seq, a.priority, a.available_at, a.seq, 1 FROM added a"
            + " ON CONFLICT (conversation_id) DO UPDATE SET tail_seq = greatest(c.tail_seq, EXCLUDED.tail_seq),"
            + " queued = c.queued + 1,"
            + " head_seq = coalesce(c.head_seq, EXCLUDED.head_seq),"
            + " head_priority = CASE WHEN c.head_seq IS NULL THEN EXCLUDED.head_priority ELSE c.head_priority END,"
            + " head_available_at = CASE WHEN c.head_seq IS NULL THEN EXCLUDED.head_available_at"
            + " ELSE c.head_available_at END"
            + " RETURNING c.head_seq"
            + ") SELECT " + Due.column("CASE WHEN h.head_seq = a.seq THEN a.available_at END")
            + " FROM added a, head h";

    private final Pool pool;
    private final LifecycleEvents events;
    private final HandOff handOff;
    private final DepthTracker depth;

    public EnqueueStore(Pool pool, LifecycleEvents events, HandOff handOff, DepthTracker depth) {
        this.pool = pool;
        this.events = events;
        this.handOff = handOff;
        this.depth = depth;
    }

    /** @return true when the message was new, false for a redelivery */
    public Uni<Boolean> enqueue(EnqueuedMessage message) {
        String workspace = message.workspaceOrDefault();
        Tuple insert = Tuple.tuple()
                .addString(message.messageId()).addString(workspace).addString(message.agentKey())
                .addString(message.conversationId()).addShort((short) message.priorityOrDefault())
                .addValue(utc(message.availableAt())).addString(message.origin() == null ? "api" : message.origin())
                .addValue(utc(message.receivedAt())).addString(message.consumerUserId())
                .addString(Json.write(message.payload()));
        MessageRef ref = new MessageRef(message.messageId(), message.conversationId(), workspace,
                message.agentKey(), 0);
        AfterCommit after = new AfterCommit();
        return handOff.settle(pool.withTransaction(tx -> tx.preparedQuery(STORE).execute(insert).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().item(false);
            }
            EventEnvelope enqueued = events.event(LifecycleEvents.ENQUEUED, LifecycleData.of(ref));
            return handOff.headChanged(tx, Due.of(rows.iterator().next()), List.of(enqueued), after).replaceWith(true);
        })), after).invoke(added -> {
            if (added) {
                depth.changed(workspace);
            }
        });
    }

    private static Object utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
