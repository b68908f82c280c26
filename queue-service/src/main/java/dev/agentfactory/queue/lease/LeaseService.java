package dev.agentfactory.queue.lease;

import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.queue.claim.ClaimService;
import dev.agentfactory.queue.claim.Job;
import dev.agentfactory.queue.claim.ReadySignal;
import dev.agentfactory.queue.claim.Waiters;
import dev.agentfactory.queue.config.QueueConfig;
import dev.agentfactory.queue.depth.DepthTracker;
import dev.agentfactory.queue.event.LifecycleData;
import dev.agentfactory.queue.event.LifecycleEvents;
import dev.agentfactory.queue.lease.LeaseRequests.CompleteResponse;
import dev.agentfactory.queue.lease.LeaseRequests.HeartbeatResponse;
import dev.agentfactory.queue.worker.WorkerActivity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Heartbeat and completion (optionally claiming the worker's next message in the same transaction). */
@ApplicationScoped
public class LeaseService {

    private final Pool pool;
    private final CompleteStore store;
    private final LeaseProblems problems;
    private final ClaimService claims;
    private final LifecycleEvents events;
    private final ReadySignal ready;
    private final Waiters waiters;
    private final DepthTracker depth;
    private final WorkerActivity activity;
    private final QueueConfig config;

    public LeaseService(Pool pool, CompleteStore store, LeaseProblems problems, ClaimService claims,
                        LifecycleEvents events, ReadySignal ready, Waiters waiters, DepthTracker depth,
                        WorkerActivity activity, QueueConfig config) {
        this.pool = pool;
        this.store = store;
        this.problems = problems;
        this.claims = claims;
        this.events = events;
        this.ready = ready;
        this.waiters = waiters;
        this.depth = depth;
        this.activity = activity;
        this.config = config;
    }

    /** @param workerId the acting worker, or null for an admin acting for whoever holds the lease */
    public Uni<HeartbeatResponse> heartbeat(UUID leaseId, String workerId) {
        return store.heartbeat(pool, leaseId, workerId, config.leaseDuration().toMillis()).chain(beat -> beat == null
                ? problems.explain(pool, leaseId, workerId)
                : Uni.createFrom().item(new HeartbeatResponse(beat.leaseExpiresAt(), beat.shouldStop())));
    }

    public Uni<CompleteResponse> complete(UUID leaseId, String workerId, LeaseRequests.Complete request) {
        return pool.withTransaction(tx -> store.complete(tx, leaseId, workerId, request.deltaJson()).chain(done -> {
            if (done == null) {
                return problems.<Step>explain(tx, leaseId, workerId);
            }
            List<EventEnvelope> envelopes = new ArrayList<>(2);
            envelopes.add(events.event(LifecycleEvents.COMPLETED, LifecycleData.of(done.ref())
                    .withLease(done.workerId(), leaseId.toString(), null)));
            Uni<Job> next = request.wantsNext()
                    ? claims.claimWithoutEvent(tx, done.workerId()) : Uni.createFrom().nullItem();
            return next.call(job -> done.conversationReady() && (!request.wantsNext() || waiters.size() > 0)
                            ? ready.notify(tx, 1) : Uni.createFrom().voidItem())
                    .call(job -> {
                        if (job != null) {
                            envelopes.add(claims.claimedEvent(job));
                        }
                        return events.appendAll(tx, envelopes);
                    })
                    .map(job -> new Step(done, job));
        })).chain(step -> {
            depth.changed(step.done().ref().workspaceId());
            activity.finished(step.done().workerId());
            claims.afterCommit(step.next());
            String worker = step.done().workerId();
            String messageId = step.done().ref().messageId();
            if (step.next() != null || !request.wantsNext()) {
                return Uni.createFrom().item(new CompleteResponse(messageId, "completed", false, step.next()));
            }
            return claims.claim(worker, request.waitMs() == null ? 0 : request.waitMs())
                    .map(outcome -> new CompleteResponse(messageId, "completed", outcome.shouldStop(), outcome.job()));
        });
    }

    private record Step(CompleteStore.Completed done, Job next) {
    }
}
