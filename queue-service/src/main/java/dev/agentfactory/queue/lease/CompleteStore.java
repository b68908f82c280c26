package dev.agentfactory.queue.lease;

import dev.agentfactory.queue.claim.Due;
import dev.agentfactory.queue.claim.WorkerControl;
import dev.agentfactory.queue.event.MessageRef;
import io.smallrye.mutiny.Multi;
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
 * Completion and heartbeat on the conversation row that holds the lease. Completion marks the head message
 * done, advances the head to the next queued message, unlocks the conversation and merges the hydration
 * delta, for many leases in one statement.
 */
@ApplicationScoped
public class CompleteStore {

    // rows are locked in conversation order, so two statements completing overlapping leases cannot deadlock.
    // The status test is an expression on purpose: as a plain `status = 'leased'` the planner, which cannot know
    // how many leases the request arrays hold, may match it to the partial index messages_leased and compare
    // every leased message with every completion; as it stands, each completion probes its head by seq.
    // A completion moves no message into or out of 'queued', so it keeps the conversation's queued count, except
    // that a conversation left without a queued message counts 0: whatever an older instance (before the count
    // existed) left there does not outlive the backlog. A message this statement could not see is recounted by
    // the head refresh below (mayHaveNext).
    private static final String COMPLETE = "WITH req AS ("
            + " SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) AS r(lease_id, worker_id, delta)"
            + "), c AS ("
            + " SELECT cv.conversation_id, cv.head_seq, req.lease_id, req.delta FROM queue.conversations cv"
            + " JOIN req ON cv.lease_id = req.lease_id WHERE cv.lease_expires_at > now()"
            + " AND (req.worker_id IS NULL OR cv.worker_id = req.worker_id)"
            + " ORDER BY cv.conversation_id FOR UPDATE OF cv"
            + "), done AS ("
            + " UPDATE queue.messages m SET status = 'done', finished_at = now() FROM c"
            + " WHERE m.seq = c.head_seq AND m.status || '' = 'leased'"
            + " RETURNING m.seq, m.message_id, m.conversation_id, m.workspace_id, m.agent_key, m.attempt, m.worker_id,"
            + " c.lease_id, c.delta"
            + "), upd AS ("
            + " UPDATE queue.conversations cv SET lease_id = NULL, worker_id = NULL, lease_expires_at = NULL,"
            + " head_seq = n.seq, head_priority = n.priority, head_available_at = n.available_at,"
            + " queued = CASE WHEN n.seq IS NULL THEN 0 ELSE cv.queued END,"
            + " hydration = CASE WHEN done.delta IS NULL THEN cv.hydration"
            + " ELSE queue.jsonb_merge_patch(cv.hydration, done.delta::jsonb) END"
            + " FROM done LEFT JOIN LATERAL (SELECT m.seq, m.priority, m.available_at FROM queue.messages m"
            + " WHERE m.conversation_id = done.conversation_id AND m.status = 'queued' ORDER BY m.seq LIMIT 1)"
            + " n ON true"
            + " WHERE cv.conversation_id = done.conversation_id"
            + " RETURNING cv.conversation_id, cv.head_seq, cv.tail_seq, " + Due.column("cv.head_available_at")
            + ") SELECT done.*, upd.head_seq AS next_seq, upd.tail_seq, upd.due_ms"
            + " FROM done JOIN upd USING (conversation_id)";

    private static final String HEARTBEAT = "UPDATE queue.conversations c"
            + " SET lease_expires_at = now() + $3 * interval '1 millisecond'"
            + " WHERE lease_id = $1 AND lease_expires_at > now() AND ($2::text IS NULL OR worker_id = $2)"
            + " RETURNING lease_expires_at, (SELECT w.status FROM queue.workers w WHERE w.worker_id = c.worker_id)"
            + " AS worker_status";

    private final HeadStore heads;

    public CompleteStore(HeadStore heads) {
        this.heads = heads;
    }

    /**
     * @return the completed messages with when each conversation is claimable again; a lease that is not
     *         held (expired, unknown, another worker's) has no entry
     */
    public Uni<List<Completed>> complete(SqlClient tx, List<Completion> completions) {
        Tuple args = Tuple.of(completions.stream().map(Completion::leaseId).toArray(UUID[]::new),
                completions.stream().map(Completion::workerId).toArray(String[]::new),
                completions.stream().map(Completion::hydrationDelta).toArray(String[]::new));
        return tx.preparedQuery(COMPLETE).execute(args).chain(rows -> {
            List<Completed> done = new ArrayList<>(rows.size());
            rows.forEach(row -> done.add(new Completed(row.getUUID("lease_id"), MessageRef.from(row),
                    row.getString("worker_id"), Due.of(row),
                    row.getLong("next_seq") == null && row.getLong("tail_seq") > row.getLong("seq"))));
            // a message committed while this statement waited for a lock: look again with a fresh view, one by one
            return Multi.createFrom().iterable(done)
                    .onItem().transformToUniAndConcatenate(d -> d.mayHaveNext()
                            ? heads.refresh(tx, d.ref().conversationId()).map(d::withDue)
                            : Uni.createFrom().item(d))
                    .collect().asList();
        });
    }

    /** @return the new expiry and what the fleet wants of the lease holder; null when the lease is not held */
    public Uni<Heartbeat> heartbeat(SqlClient client, UUID leaseId, String workerId, long leaseMs) {
        return client.preparedQuery(HEARTBEAT).execute(Tuple.of(leaseId, workerId, leaseMs)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            return new Heartbeat(row.getOffsetDateTime("lease_expires_at").toInstant(),
                    WorkerControl.ofStatus(row.getString("worker_status")));
        });
    }

    /** A completion asked for: the lease, the acting worker (null for an admin) and the hydration delta JSON. */
    public record Completion(UUID leaseId, String workerId, String hydrationDelta) {
    }

    /**
     * A completed lease, and when its conversation's next head is claimable; {@code mayHaveNext} until the
     * conversation's head has been re-derived.
     */
    public record Completed(UUID leaseId, MessageRef ref, String workerId, Due next, boolean mayHaveNext) {
        Completed withDue(Due due) {
            return new Completed(leaseId, ref, workerId, due, false);
        }
    }

    public record Heartbeat(Instant leaseExpiresAt, WorkerControl control) {
    }
}
