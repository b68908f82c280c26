package dev.agentfactory.queue.hydration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.queue.claim.Job;
import dev.agentfactory.queue.lease.LeaseProblems;
import dev.agentfactory.queue.snapshot.SnapshotStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

@ApplicationScoped
public class HydrationService {

    private static final String LEASED = "SELECT c.lease_id, c.worker_id, c.lease_expires_at, c.hydration::text AS hydration,"
            + " m.message_id, m.conversation_id, m.workspace_id, m.agent_key, m.priority, m.origin, m.received_at,"
            + " m.consumer_user_id, m.payload::text AS payload, m.attempt"
            + " FROM queue.conversations c JOIN queue.messages m ON m.seq = c.head_seq"
            + " WHERE c.lease_id = $1 AND c.lease_expires_at > now() AND ($2::text IS NULL OR c.worker_id = $2)";

    private final Pool pool;
    private final LeaseProblems problems;
    private final SkillsGateway skills;
    private final SnapshotStore snapshots;

    public HydrationService(Pool pool, LeaseProblems problems, SkillsGateway skills, SnapshotStore snapshots) {
        this.pool = pool;
        this.problems = problems;
        this.skills = skills;
        this.snapshots = snapshots;
    }

    public Uni<Hydration> hydrate(UUID leaseId, String workerId) {
        return pool.preparedQuery(LEASED).execute(Tuple.of(leaseId, workerId)).chain(rows -> {
            if (rows.size() == 0) {
                return problems.<Hydration>explain(pool, leaseId, workerId);
            }
            Row row = rows.iterator().next();
            Job job = Job.from(row);
            return Uni.combine().all().unis(
                    skills.runtimeProfile(job.agentKey()),
                    skills.manifestVersion(),
                    snapshots.latest(pool, job.workspaceId(), job.agentKey(), job.conversationId()))
                    .with((agent, manifest, snapshot) -> new Hydration(job,
                            Json.read(row.getString("hydration"), JsonNode.class), agent, snapshot, manifest));
        });
    }
}
