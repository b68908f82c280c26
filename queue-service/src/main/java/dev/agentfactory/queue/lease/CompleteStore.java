package dev.agentfactory.queue.lease;

import dev.agentfactory.queue.event.MessageRef;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/**
 * Completion and heartbeat on the conversation row that holds the lease. Completion marks the head message
 * done, advances the head to the next queued message, unlocks the conversation and merges the hydration
 * delta, in one statement.
 */
@ApplicationScoped
public class CompleteStore {

    private static final String COMPLETE = "WITH c AS ("
            + " SELECT conversation_id, head_seq FROM queue.conversations WHERE lease_id = $1"
            + " AND lease_expires_at > now() AND ($2::text IS NULL OR worker_id = $2) FOR UPDATE"
            + "), done AS ("
            + " UPDATE queue.messages m SET status = 'done', finished_at = now() FROM c"
            + " WHERE m.seq = c.head_seq AND m.status = 'leased'"
            + " RETURNING m.seq, m.message_id, m.conversation_id, m.workspace_id, m.agent_key, m.attempt, m.worker_id"
            + "), nxt AS ("
            + " SELECT m.seq, m.priority, m.available_at FROM queue.messages m, c"
            + " WHERE m.conversation_id = c.conversation_id AND m.status = 'queued' ORDER BY m.seq LIMIT 1"
            + "), upd AS ("
            + " UPDATE queue.conversations cv SET lease_id = NULL, worker_id = NULL, lease_expires_at = NULL,"
            + " head_seq = (SELECT seq FROM nxt), head_priority = (SELECT priority FROM nxt),"
            + " head_available_at = (SELECT available_at FROM nxt),"
            + " hydration = CASE WHEN $3::text IS NULL THEN cv.hydration"
            + " ELSE queue.jsonb_merge_patch(cv.hydration, $3::text::jsonb) END"
            + " FROM done WHERE cv.conversation_id = done.conversation_id"
            + " RETURNING cv.head_seq, cv.tail_seq, cv.head_available_at <= now() AS ready"
            + ") SELECT done.*, upd.head_seq AS next_seq, upd.tail_seq, upd.ready FROM done, upd";

    private static final String HEARTBEAT = "UPDATE queue.conversations c"
            + " SET lease_expires_at = now() + $3 * interval '1 millisecond'"
            + " WHERE lease_id = $1 AND lease_expires_at > now() AND ($2::text IS NULL OR worker_id = $2)"
            + " RETURNING lease_expires_at, coalesce((SELECT w.status FROM queue.workers w"
            + " WHERE w.worker_id = c.worker_id), 'active') <> 'active' AS should_stop";

    private final HeadStore heads;

    public CompleteStore(HeadStore heads) {
        this.heads = heads;
    }

    /** @return the completed message and whether its conversation is claimable again; null when not held */
    public Uni<Completed> complete(SqlClient tx, UUID leaseId, String workerId, String hydrationDelta) {
        return tx.preparedQuery(COMPLETE).execute(Tuple.of(leaseId, workerId, hydrationDelta)).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().nullItem();
            }
            Row row = rows.iterator().next();
            Completed done = new Completed(MessageRef.from(row), row.getString("worker_id"),
                    Boolean.TRUE.equals(row.getBoolean("ready")));
            Long next = row.getLong("next_seq");
            if (next == null && row.getLong("tail_seq") > row.getLong("seq")) {
                // a message committed while this statement waited for the lock: look again with a fresh view
                return heads.refresh(tx, done.ref().conversationId()).map(done::withReady);
            }
            return Uni.createFrom().item(done);
        });
    }

    /** @return the new expiry and the worker's stop flag; null when the lease is not held */
    public Uni<Heartbeat> heartbeat(SqlClient client, UUID leaseId, String workerId, long leaseMs) {
        return client.preparedQuery(HEARTBEAT).execute(Tuple.of(leaseId, workerId, leaseMs)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            return new Heartbeat(row.getOffsetDateTime("lease_expires_at").toInstant(), row.getBoolean("should_stop"));
        });
    }

    public record Completed(MessageRef ref, String workerId, boolean conversationReady) {
        Completed withReady(boolean ready) {
            return new Completed(ref, workerId, ready);
        }
    }

    public record Heartbeat(Instant leaseExpiresAt, boolean shouldStop) {
    }
}
