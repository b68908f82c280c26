package dev.agentfactory.queue.lease;

import dev.agentfactory.queue.claim.Due;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Ends a lease other than by completion: a retry later (the message stays the head), a requeue now (expired
 * lease), or a dead letter (the next message becomes the head). Every method expects the conversation row
 * locked by {@link #lockHeld} or {@link #lockExpired} in the same transaction.
 */
@ApplicationScoped
public class ReleaseStore {

    private static final String HELD_COLUMNS = "SELECT c.lease_id, c.worker_id, c.lease_expires_at, m.seq, m.message_id,"
            + " m.conversation_id, m.workspace_id, m.agent_key, m.attempt, m.backoff_ms"
            + " FROM queue.conversations c JOIN queue.messages m ON m.seq = c.head_seq";

    private static final String LOCK_HELD = HELD_COLUMNS + " WHERE c.lease_id = $1 AND c.lease_expires_at > now()"
            + " AND ($2::text IS NULL OR c.worker_id = $2) FOR UPDATE OF c";

    private static final String LOCK_EXPIRED = HELD_COLUMNS + " WHERE c.lease_id IS NOT NULL"
            + " AND c.lease_expires_at <= now() ORDER BY c.lease_expires_at LIMIT $1 FOR UPDATE OF c SKIP LOCKED";

    private static final String MESSAGE_BACK = "UPDATE queue.messages SET status = 'queued',"
            + " available_at = now() + $2 * interval '1 millisecond', backoff_ms = $3, last_error = $4"
            + " WHERE seq = $1 RETURNING available_at";

    private static final String CONVERSATION_BACK = "UPDATE queue.conversations SET lease_id = NULL,"
            + " worker_id = NULL, lease_expires_at = NULL, head_available_at = $2, queued = queued + 1"
            + " WHERE conversation_id = $1";

    private static final String MESSAGE_DEAD = "UPDATE queue.messages SET status = 'dead', last_error = $2,"
            + " finished_at = now() WHERE seq = $1";

    private final HeadStore heads;

    public ReleaseStore(HeadStore heads) {
        this.heads = heads;
    }

    public Uni<HeldMessage> lockHeld(SqlClient tx, UUID leaseId, String workerId) {
        return tx.preparedQuery(LOCK_HELD).execute(Tuple.of(leaseId, workerId))
                .map(rows -> rows.size() == 0 ? null : HeldMessage.from(rows.iterator().next()));
    }

    public Uni<List<HeldMessage>> lockExpired(SqlClient tx, int limit) {
        return tx.preparedQuery(LOCK_EXPIRED).execute(Tuple.of(limit)).map(rows -> {
            List<HeldMessage> held = new ArrayList<>();
            for (Row row : rows) {
                held.add(HeldMessage.from(row));
            }
            return held;
        });
    }

    /** Puts the message back at the head of its conversation, claimable after {@code delayMs}. */
    public Uni<Instant> backToHead(SqlClient tx, HeldMessage held, long delayMs, long backoffMs, String error) {
        return tx.preparedQuery(MESSAGE_BACK).execute(Tuple.of(held.seq(), delayMs, backoffMs, error))
                .chain(rows -> {
                    var availableAt = rows.iterator().next().getOffsetDateTime("available_at");
                    return tx.preparedQuery(CONVERSATION_BACK)
                            .execute(Tuple.of(held.ref().conversationId(), availableAt))
                            .replaceWith(availableAt.toInstant());
                });
    }

    /** Dead-letters the message; @return when the conversation's next head is claimable */
    public Uni<Due> deadLetter(SqlClient tx, HeldMessage held, String error) {
        return tx.preparedQuery(MESSAGE_DEAD).execute(Tuple.of(held.seq(), error))
                .chain(() -> heads.releaseAndRefresh(tx, held.ref().conversationId()));
    }
}
