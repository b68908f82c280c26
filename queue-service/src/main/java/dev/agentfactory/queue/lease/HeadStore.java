package dev.agentfactory.queue.lease;

import dev.agentfactory.queue.claim.Due;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Re-derives a free conversation's head (its oldest unfinished message) and any conversation's count of queued
 * messages from the messages. The conversation row is locked first and the messages read in a statement of its
 * own, so it sees every message committed before the lock (an enqueue after it waits for this transaction).
 */
@ApplicationScoped
public class HeadStore {

    private static final String LOCK = "SELECT 1 FROM queue.conversations WHERE conversation_id = $1 FOR UPDATE";

    private static final String REFRESH = "UPDATE queue.conversations c"
            + " SET head_seq = CASE WHEN c.lease_id IS NULL THEN n.seq ELSE c.head_seq END,"
            + " head_priority = CASE WHEN c.lease_id IS NULL THEN n.priority ELSE c.head_priority END,"
            + " head_available_at = CASE WHEN c.lease_id IS NULL THEN n.available_at ELSE c.head_available_at END,"
            + " queued = q.n"
            + " FROM (SELECT $1::text AS cid) k LEFT JOIN LATERAL (SELECT m.seq, m.priority, m.available_at"
            + " FROM queue.messages m WHERE m.conversation_id = k.cid AND m.status = 'queued'"
            + " ORDER BY m.seq LIMIT 1) n ON true"
            + " CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM queue.messages m"
            + " WHERE m.conversation_id = k.cid AND m.status = 'queued') q"
            + " WHERE c.conversation_id = k.cid"
            + " RETURNING " + Due.column("CASE WHEN c.lease_id IS NULL THEN c.head_available_at END");

    private static final String RELEASE = "UPDATE queue.conversations SET lease_id = NULL, worker_id = NULL,"
            + " lease_expires_at = NULL WHERE conversation_id = $1";

    /** @return when the conversation's head is claimable: never while it is leased or has no head */
    public Uni<Due> refresh(SqlClient tx, String conversationId) {
        return tx.preparedQuery(LOCK).execute(Tuple.of(conversationId))
                .chain(() -> tx.preparedQuery(REFRESH).execute(Tuple.of(conversationId)))
                .map(rows -> rows.size() == 0 ? Due.NEVER : Due.of(rows.iterator().next()));
    }

    /** Drops the conversation's lock and re-derives its head; @return when the head is claimable */
    public Uni<Due> releaseAndRefresh(SqlClient tx, String conversationId) {
        return tx.preparedQuery(RELEASE).execute(Tuple.of(conversationId)).chain(() -> refresh(tx, conversationId));
    }
}
