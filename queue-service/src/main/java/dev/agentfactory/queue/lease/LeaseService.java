package dev.agentfactory.queue.lease;

import dev.agentfactory.queue.claim.ClaimOutcome;
import dev.agentfactory.queue.claim.ClaimService;
import dev.agentfactory.queue.config.QueueConfig;
import dev.agentfactory.queue.cycle.CycleBatcher;
import dev.agentfactory.queue.depth.DepthTracker;
import dev.agentfactory.queue.lease.LeaseRequests.CompleteResponse;
import dev.agentfactory.queue.lease.LeaseRequests.HeartbeatResponse;
import dev.agentfactory.queue.worker.WorkerActivity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** Heartbeat and completion (optionally claiming the worker's next message in the same transaction). */
@ApplicationScoped
public class LeaseService {

    private final Pool pool;
    private final CompleteStore store;
    private final CycleBatcher batcher;
    private final LeaseProblems problems;
    private final ClaimService claims;
    private final DepthTracker depth;
    private final WorkerActivity activity;
    private final QueueConfig config;

    public LeaseService(Pool pool, CompleteStore store, CycleBatcher batcher, LeaseProblems problems,
                        ClaimService claims, DepthTracker depth, WorkerActivity activity, QueueConfig config) {
        this.pool = pool;
        this.store = store;
        this.batcher = batcher;
        this.problems = problems;
        this.claims = claims;
        this.depth = depth;
        this.activity = activity;
        this.config = config;
    }

    /** @param workerId the acting worker, or null for an admin acting for whoever holds the lease */
    public Uni<HeartbeatResponse> heartbeat(UUID leaseId, String workerId) {
        return store.heartbeat(pool, leaseId, workerId, config.leaseDuration().toMillis()).chain(beat -> beat == null
                ? problems.explain(pool, leaseId, workerId)
                : Uni.createFrom().item(HeartbeatResponse.of(beat.leaseExpiresAt(), beat.control())));
    }

    public Uni<CompleteResponse> complete(UUID leaseId, String workerId, LeaseRequests.Complete request) {
        return batcher.complete(leaseId, workerId, request.deltaJson(), request.wantsNext()).chain(cycle -> {
            CompleteStore.Completed done = cycle.done();
            if (done == null) {
                return problems.<CompleteResponse>explain(pool, leaseId, workerId);
            }
            depth.changed(done.ref().workspaceId());
            activity.finished(done.workerId());
            claims.afterCommit(cycle.next());
            String messageId = done.ref().messageId();
            if (cycle.next() != null || !request.wantsNext()) {
                return Uni.createFrom().item(CompleteResponse.of(messageId, ClaimOutcome.of(cycle.next())));
            }
            // nothing claimed in the batch: a claim of its own waits, or says why this worker gets nothing
            return claims.claim(done.workerId(), request.waitMs() == null ? 0 : request.waitMs())
                    .map(outcome -> CompleteResponse.of(messageId, outcome));
        });
    }
}
