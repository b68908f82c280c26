package dev.agentfactory.queue.lease;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Re-derives a free conversation's head (its oldest unfinished message) from the messages. Run after the
 * conversation row is locked, in a statement of its own, so it sees every message committed before the lock.
 */
@ApplicationScoped
public class HeadStore {

    private static final String REFRESH = "UPDATE queue.conversations c SET head_seq = n.seq,"
            + " head_priority = n.priority, head_available_at = n.available_at"
            + " FROM (SELECT $1::text AS cid) k LEFT JOIN LATERAL (SELECT m.seq, m.priority, m.available_at"
            + " FROM queue.messages m WHERE m.conversation_id = k.cid AND m.status = 'queued'"
            + " ORDER BY m.seq LIMIT 1) n ON true"
            + " WHERE c.conversation_id = k.cid AND c.lease_id IS NULL"
            + " RETURNING c.head_seq IS NOT NULL AND c.head_available_at <= now() AS ready";

    private static final String RELEASE = "UPDATE queue.conversations SET lease_id = NULL, worker_id = NULL,"
            + " lease_expires_at = NULL WHERE conversation_id = $1";

    /** @return true when the conversation has a head that is claimable now */
    public Uni<Boolean> refresh(SqlClient tx, String conversationId) {
        return tx.preparedQuery(REFRESH).execute(Tuple.of(conversationId))
                .map(rows -> rows.size() > 0 && Boolean.TRUE.equals(rows.iterator().next().getBoolean("ready")));
    }

    /** Drops the conversation's lock and re-derives its head; true when it is claimable now. */
    public Uni<Boolean> releaseAndRefresh(SqlClient tx, String conversationId) {
        return tx.preparedQuery(RELEASE).execute(Tuple.of(conversationId)).chain(() -> refresh(tx, conversationId));
    }
}
