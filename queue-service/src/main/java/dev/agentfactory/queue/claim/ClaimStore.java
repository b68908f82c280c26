package dev.agentfactory.queue.claim;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Claims for many workers in one statement: take as many free conversations with a claimable head as there
 * are claimants whose fleet status is active (partial index {@code conversations_claimable}, best first,
 * {@code SKIP LOCKED} so concurrent claims never wait on each other), hand them out in the order asked, lock
 * each with its lease and mark its head message leased.
 */
@ApplicationScoped
public class ClaimStore {

    private static final String CLAIM = "WITH w AS ("
            + " SELECT r.lease_id, r.worker_id, row_number() OVER (ORDER BY r.ord) AS ord"
            + " FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS r(lease_id, worker_id, ord)"
            + " WHERE coalesce((SELECT s.status FROM queue.workers s WHERE s.worker_id = r.worker_id), 'active')"
            + " = 'active'"
            + "), pick AS ("
            + " SELECT p.conversation_id, p.head_seq,"
            + " row_number() OVER (ORDER BY p.head_priority DESC, p.head_seq) AS ord FROM ("
            + " SELECT c.conversation_id, c.head_seq, c.head_priority FROM queue.conversations c"
            + " WHERE c.head_seq IS NOT NULL AND c.lease_id IS NULL AND c.head_available_at <= now()"
            + " ORDER BY c.head_priority DESC, c.head_seq LIMIT (SELECT count(*) FROM w) FOR UPDATE SKIP LOCKED) p"
            + "), locked AS ("
            + " UPDATE queue.conversations c SET lease_id = w.lease_id, worker_id = w.worker_id,"
            + " lease_expires_at = now() + $3 * interval '1 millisecond', queued = c.queued - 1"
            + " FROM pick JOIN w USING (ord) WHERE c.conversation_id = pick.conversation_id"
            + " RETURNING c.head_seq, c.lease_id, c.worker_id, c.lease_expires_at"
            + ") UPDATE queue.messages m SET status = 'leased', attempt = m.attempt + 1, lease_id = locked.lease_id,"
            + " worker_id = locked.worker_id, claimed_at = now() FROM locked WHERE m.seq = locked.head_seq"
            + " RETURNING m.message_id, m.conversation_id, m.workspace_id, m.agent_key, m.priority, m.origin,"
            + " m.received_at, m.consumer_user_id, m.payload::text AS payload, m.attempt, locked.lease_id,"
            + " locked.worker_id, locked.lease_expires_at";

    private static final String STATUS = "SELECT status FROM queue.workers WHERE worker_id = $1";

    /**
     * @param workerIds the claimants, in the order they asked
     * @return one entry per claimant, in the same order: its job, or null when the worker is not active or came
     *         after the last claimable conversation
     */
    public Uni<List<Job>> claim(SqlClient tx, List<String> workerIds, long leaseMs) {
        UUID[] leaseIds = new UUID[workerIds.size()];
        Arrays.setAll(leaseIds, i -> UUID.randomUUID());
        Tuple args = Tuple.of(leaseIds, workerIds.toArray(String[]::new), leaseMs);
        return tx.preparedQuery(CLAIM).execute(args).map(rows -> {
            Map<UUID, Job> byLease = new HashMap<>();
            rows.forEach(row -> {
                Job job = Job.from(row);
                byLease.put(job.leaseId(), job);
            });
            List<Job> jobs = new ArrayList<>(leaseIds.length);
            for (UUID leaseId : leaseIds) {
                jobs.add(byLease.get(leaseId));
            }
            return jobs;
        });
    }

    /** What the fleet wants of this worker: run, park or stop (unknown workers count as active). */
    public Uni<WorkerControl> control(SqlClient client, String workerId) {
        return client.preparedQuery(STATUS).execute(Tuple.of(workerId)).map(rows -> WorkerControl.ofStatus(
                rows.size() == 0 ? null : rows.iterator().next().getString("status")));
    }
}
