package dev.agentfactory.queue.claim;

import dev.agentfactory.queue.config.QueueConfig;
import dev.agentfactory.queue.cycle.CycleBatcher;
import dev.agentfactory.queue.depth.DepthTracker;
import dev.agentfactory.queue.worker.WorkerActivity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Claims, immediately or by long-polling until a conversation becomes claimable (or a job is handed over, see
 * {@link HandOff}) or the wait ends. A worker the fleet parks or stops gets no job and is answered at once, never
 * held in a long-poll.
 */
@ApplicationScoped
public class ClaimService {

    private final Pool pool;
    private final ClaimStore store;
    private final CycleBatcher batcher;
    private final Waiters waiters;
    private final WorkerActivity activity;
    private final DepthTracker depth;
    private final QueueConfig config;

    public ClaimService(Pool pool, ClaimStore store, CycleBatcher batcher, Waiters waiters,
                        WorkerActivity activity, DepthTracker depth, QueueConfig config) {
        this.pool = pool;
        this.store = store;
        this.batcher = batcher;
        this.waiters = waiters;
        this.activity = activity;
        this.depth = depth;
        this.config = config;
    }

    public Uni<ClaimOutcome> claim(String workerId, long waitMs) {
        long wait = Math.min(Math.max(0, waitMs), config.maxWait().toMillis());
        return attempt(workerId, System.nanoTime() + wait * 1_000_000L);
    }

    /** Records the claim's activity and depth change once its transaction committed. */
    public void afterCommit(Job job) {
        if (job != null) {
            activity.claimed(job.workerId(), job.messageId(), job.conversationId());
            depth.changed(job.workspaceId());
        }
    }

    private Uni<ClaimOutcome> attempt(String workerId, long deadline) {
        long seenWakeUps = waiters.wakeUps();
        return batcher.claim(workerId).chain(job -> {
            if (job != null) {
                return delivered(job);
            }
            return store.control(pool, workerId).chain(control -> {
                // a parked worker's machine is about to be suspended: a long-poll held across that would hang
                if (control != WorkerControl.RUN) {
                    return Uni.createFrom().item(ClaimOutcome.without(control));
                }
                long remainingMs = (deadline - System.nanoTime()) / 1_000_000L;
                if (remainingMs <= 0) {
                    return Uni.createFrom().item(ClaimOutcome.NOTHING);
                }
                return waiters.await(workerId, Math.min(remainingMs, config.waitRecheck().toMillis()), seenWakeUps)
                        .chain(handed -> handed != null ? delivered(handed) : attempt(workerId, deadline));
            });
        });
    }

    private Uni<ClaimOutcome> delivered(Job job) {
        afterCommit(job);
        return Uni.createFrom().item(ClaimOutcome.of(job));
    }
}
