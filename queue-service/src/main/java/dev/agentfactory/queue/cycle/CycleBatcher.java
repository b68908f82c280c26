package dev.agentfactory.queue.cycle;

import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.queue.claim.AfterCommit;
import dev.agentfactory.queue.claim.ClaimStore;
import dev.agentfactory.queue.claim.HandOff;
import dev.agentfactory.queue.claim.Job;
import dev.agentfactory.queue.claim.ReadySignal;
import dev.agentfactory.queue.claim.Waiters;
import dev.agentfactory.queue.config.QueueConfig;
import dev.agentfactory.queue.event.LifecycleData;
import dev.agentfactory.queue.event.LifecycleEvents;
import dev.agentfactory.queue.lease.CompleteStore;
import dev.agentfactory.queue.lease.CompleteStore.Completed;
import dev.agentfactory.queue.lease.CompleteStore.Completion;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Group commit of the hot path. Completions and claims that arrive while earlier ones are in the database wait
 * for the next transaction and then share it: one statement completes all of them, one claims for all
 * claimants, one appends all their lifecycle events, one commit. An idle queue pays nothing for this (a lone
 * request starts its transaction at once); a busy one writes far less per cycle than a transaction per request.
 * <p>
 * Requests of one batch succeed or fail on their own: a lease that is not held simply has no result, and if the
 * shared transaction fails, each of its requests is retried in a transaction of its own so one bad request
 * cannot fail the others.
 */
@ApplicationScoped
public class CycleBatcher {

    private final Pool pool;
    private final CompleteStore completions;
    private final ClaimStore claims;
    private final LifecycleEvents events;
    private final ReadySignal ready;
    private final Waiters waiters;
    private final HandOff handOff;
    private final QueueConfig config;
    private final ConcurrentLinkedQueue<Request> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final DistributionSummary batchSizes;

    public CycleBatcher(Pool pool, CompleteStore completions, ClaimStore claims, LifecycleEvents events,
                        ReadySignal ready, Waiters waiters, HandOff handOff, QueueConfig config,
                        MeterRegistry registry) {
        this.pool = pool;
        this.completions = completions;
        this.claims = claims;
        this.events = events;
        this.ready = ready;
        this.waiters = waiters;
        this.handOff = handOff;
        this.config = config;
        this.batchSizes = DistributionSummary.builder("af.queue.cycle.batch.size")
                .description("completions and claims per shared transaction").register(registry);
    }

    /**
     * Completes a lease and, when asked, claims the worker's next message in the same transaction.
     *
     * @param workerId the acting worker, or null for an admin acting for whoever holds the lease
     * @return the outcome once committed; its {@code done} is null when the lease was not held
     */
    public Uni<Cycle> complete(UUID leaseId, String workerId, String hydrationDelta, boolean claimNext) {
        return submit(new Completion(leaseId, workerId, hydrationDelta), null, claimNext);
    }

    /** @return the claimed job once committed, or a cycle without one when nothing is claimable for the worker */
    public Uni<Job> claim(String workerId) {
        return submit(null, workerId, true).map(Cycle::next);
    }

    private Uni<Cycle> submit(Completion completion, String workerId, boolean claimNext) {
        return Uni.createFrom().emitter(emitter -> {
            pending.add(new Request(completion, workerId, claimNext, emitter));
            drain();
        });
    }

    /** Starts batches while there is work and fewer than the configured number of transactions are running. */
    private void drain() {
        while (!pending.isEmpty()) {
            int running = inFlight.get();
            if (running >= config.batch().maxInFlight()) {
                return; // the running batch drains again when it finishes
            }
            if (!inFlight.compareAndSet(running, running + 1)) {
                continue;
            }
            List<Request> batch = new ArrayList<>();
            Request next;
            while (batch.size() < config.batch().maxSize() && (next = pending.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            batchSizes.record(batch.size());
            run(batch).subscribe().with(ignored -> finished(), failure -> finished());
        }
    }

    private void finished() {
        inFlight.decrementAndGet();
        drain();
    }

    private Uni<Void> run(List<Request> batch) {
        AfterCommit after = new AfterCommit();
        Uni<Map<Request, Cycle>> executed = pool.withTransaction(tx -> execute(tx, batch, after));
        return handOff.settle(executed, after).onItemOrFailure().transformToUni((outcomes, failure) -> {
            if (failure == null) {
                batch.forEach(request -> request.emitter.complete(outcomes.get(request)));
                return Uni.createFrom().voidItem();
            }
            if (batch.size() == 1) {
                batch.get(0).emitter.fail(failure);
                return Uni.createFrom().voidItem();
            }
            // one request may have failed them all: each again in a transaction of its own
            return Multi.createFrom().iterable(batch)
                    .onItem().transformToUniAndConcatenate(request -> run(List.of(request)))
                    .collect().last();
        });
    }

    /**
     * Runs the batch in {@code tx}. Conversations its completions leave claimable go first to the batch's own
     * claimants, then to claims long-polling on this instance (taken into {@code after}, answered once the
     * transaction has ended); what is left is announced by NOTIFY, and a delayed head by an alarm.
     */
    private Uni<Map<Request, Cycle>> execute(SqlClient tx, List<Request> batch, AfterCommit after) {
        List<Request> completing = batch.stream().filter(r -> r.completion != null).toList();
        Uni<List<Completed>> completed = completing.isEmpty() ? Uni.createFrom().item(List.of())
                : completions.complete(tx, completing.stream().map(r -> r.completion).toList());
        return completed.chain(done -> {
            Map<Request, Cycle> outcomes = new HashMap<>();
            Map<UUID, Completed> byLease = new HashMap<>();
            done.forEach(d -> byLease.put(d.leaseId(), d));
            List<Request> claimants = new ArrayList<>();
            List<String> claimantWorkers = new ArrayList<>();
            List<EventEnvelope> envelopes = new ArrayList<>();
            int readyToAnnounce = 0;
            for (Request request : batch) {
                Completed d = request.completion == null ? null : byLease.remove(request.completion.leaseId());
                if (request.completion != null && d == null) {
                    outcomes.put(request, Cycle.NOT_HELD); // not held, or a repeat of a lease in this batch
                    continue;
                }
                outcomes.put(request, new Cycle(d, null));
                if (d != null) {
                    envelopes.add(events.event(LifecycleEvents.COMPLETED, LifecycleData.of(d.ref())
                            .withLease(d.workerId(), d.leaseId().toString(), null)));
                    // a worker claiming next may take this very conversation; others only need a wake-up if waiting
                    if (d.next().now() && (!request.claimNext || waiters.size() > 0)) {
                        readyToAnnounce++;
                    }
                    after.head(d.next());
                }
                if (request.claimNext) {
                    claimants.add(request);
                    claimantWorkers.add(d == null ? request.workerId : d.workerId());
                }
            }
            claimantWorkers.addAll(after.take(waiters, readyToAnnounce));
            int readyCount = readyToAnnounce;
            return claimFor(tx, claimantWorkers).chain(jobs -> {
                for (int i = 0; i < claimants.size(); i++) {
                    Job job = jobs.get(i);
                    if (job != null) {
                        Request claimant = claimants.get(i);
                        outcomes.put(claimant, new Cycle(outcomes.get(claimant).done(), job));
                        envelopes.add(events.event(LifecycleEvents.CLAIMED, job.claimedData()));
                    }
                }
                List<Job> handed = after.claimed(jobs.subList(claimants.size(), jobs.size()));
                envelopes.addAll(handOff.claimedEvents(handed));
                int announce = readyCount - handed.size();
                Uni<Void> announced = announce > 0 ? ready.notify(tx, announce) : Uni.createFrom().voidItem();
                return announced.chain(() -> events.appendAll(tx, envelopes)).replaceWith(outcomes);
            });
        });
    }

    /** @return one entry per claimant, in order: its job or null */
    private Uni<List<Job>> claimFor(SqlClient tx, List<String> workerIds) {
        return workerIds.isEmpty() ? Uni.createFrom().item(List.of())
                : claims.claim(tx, workerIds, config.leaseDuration().toMillis());
    }

    /**
     * One completion or claim waiting for its transaction. A class, not a record: two equal requests (a worker
     * repeating itself) are still two requests, each with its own answer.
     */
    private static final class Request {
        private final Completion completion;
        private final String workerId;
        private final boolean claimNext;
        private final UniEmitter<? super Cycle> emitter;

        Request(Completion completion, String workerId, boolean claimNext, UniEmitter<? super Cycle> emitter) {
            this.completion = completion;
            this.workerId = workerId;
            this.claimNext = claimNext;
            this.emitter = emitter;
        }
    }
}
