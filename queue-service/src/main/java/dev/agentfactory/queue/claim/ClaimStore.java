package dev.agentfactory.queue.claim;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * The claim in one statement: pick the best free conversation with a claimable head (partial index
 * {@code conversations_claimable}, {@code SKIP LOCKED} so concurrent claims never wait on each other), lock it
 * with a new lease, and mark its head message leased. A worker whose fleet status is not active gets nothing.
 */
@ApplicationScoped
public class ClaimStore {

    private static final String CLAIM = "WITH pick AS ("
            + " SELECT c.conversation_id, c.head_seq FROM queue.conversations c"
            + " WHERE c.head_seq IS NOT NULL AND c.lease_id IS NULL AND c.head_available_at <= now()"
            + " AND coalesce((SELECT w.status FROM queue.workers w WHERE w.worker_id = $2), 'active') = 'active'"
            + " ORDER BY c.head_priority DESC, c.head_seq LIMIT 1 FOR UPDATE SKIP LOCKED"
            + "), locked AS ("
            + " UPDATE queue.conversations c SET lease_id = $1, worker_id = $2,"
            + " lease_expires_at = now() + $3 * interval '1 millisecond'"
            + " FROM pick WHERE c.conversation_id = pick.conversation_id RETURNING c.head_seq, c.lease_expires_at"
            + ") UPDATE queue.messages m SET status = 'leased', attempt = m.attempt + 1, lease_id = $1,"
            + " worker_id = $2, claimed_at = now() FROM locked WHERE m.seq = locked.head_seq"
            + " RETURNING m.message_id, m.conversation_id, m.workspace_id, m.agent_key, m.priority, m.origin,"
            + " m.received_at, m.consumer_user_id, m.payload::text AS payload, m.attempt, locked.lease_expires_at";

    private static final String STATUS = "SELECT status FROM queue.workers WHERE worker_id = $1";

    /** @return the leased job, or null when nothing is claimable for this worker right now */
    public Uni<Job> claim(SqlClient tx, String workerId, long leaseMs) {
        UUID leaseId = UUID.randomUUID();
        return tx.preparedQuery(CLAIM).execute(Tuple.of(leaseId, workerId, leaseMs))
                .map(rows -> rows.size() == 0 ? null : Job.from(rows.iterator().next(), leaseId, workerId));
    }

    /** True when the fleet says this worker must stop taking work (unknown workers count as active). */
    public Uni<Boolean> shouldStop(SqlClient client, String workerId) {
        return client.preparedQuery(STATUS).execute(Tuple.of(workerId)).map(rows -> {
            if (rows.size() == 0) {
                return false;
            }
            Row row = rows.iterator().next();
            return !"active".equals(row.getString("status"));
        });
    }
}
