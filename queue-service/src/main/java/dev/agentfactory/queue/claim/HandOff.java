package dev.agentfactory.queue.claim;

import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.queue.config.QueueConfig;
import dev.agentfactory.queue.event.LifecycleEvents;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The short way from a new message to an idle worker: the transaction that made a conversation claimable claims
 * for the oldest claim long-polling on this instance, so the worker's answer leaves with that commit. An enqueue
 * goes through {@link #conversationReady}; a batch of completions takes its waiters itself and settles them with
 * {@link Offer}s. The long way (NOTIFY on commit, the listener wakes a waiter, the waiter claims in a transaction of
 * its own) costs a second transaction and commit, and stays the way for waiters on other replicas and whenever
 * nobody waits here.
 */
@ApplicationScoped
public class HandOff {

    private final Waiters waiters;
    private final ClaimStore claims;
    private final ReadySignal ready;
    private final LifecycleEvents events;
    private final QueueConfig config;

    public HandOff(Waiters waiters, ClaimStore claims, ReadySignal ready, LifecycleEvents events, QueueConfig config) {
        this.waiters = waiters;
        this.claims = claims;
        this.ready = ready;
        this.events = events;
        this.config = config;
    }

    /**
     * In {@code tx}, which has just made one conversation claimable: claims the best claimable conversation for
     * the oldest local waiter (the claim statement decides, exactly as for any claim), or announces the
     * conversation when nobody waits here or the waiter's worker may no longer take work. Appends {@code cause},
     * the event of the change that made the conversation claimable, followed by the {@code claimed} event of a
     * hand-off, in one statement.
     *
     * @return what to tell the waiter once {@code tx} has ended, either way
     */
    public Uni<Offer> conversationReady(SqlClient tx, EventEnvelope cause) {
        Waiters.Waiter waiter = waiters.take();
        if (waiter == null) {
            return announce(tx, cause).replaceWith(Offer.NONE);
        }
        return claims.claim(tx, List.of(waiter.workerId()), config.leaseDuration().toMillis())
                .chain(jobs -> {
                    Job job = jobs.get(0);
                    if (job == null) {
                        // not active any more: it looks again itself and learns why; another worker may take it
                        return announce(tx, cause).replaceWith(new Offer(waiter, null));
                    }
                    EventEnvelope claimed = events.event(LifecycleEvents.CLAIMED, job.claimedData());
                    return events.appendAll(tx, List.of(cause, claimed)).replaceWith(new Offer(waiter, job));
                })
                .onFailure().invoke(() -> waiter.deliver(null)); // the transaction fails: it looks again
    }

    private Uni<Void> announce(SqlClient tx, EventEnvelope cause) {
        return ready.notify(tx, 1).chain(() -> events.appendAll(tx, List.of(cause)));
    }

    /** A waiter taken for a hand-off, and the job claimed for it, if any. */
    public static final class Offer {

        /** Nobody was waiting here. */
        public static final Offer NONE = new Offer(null, null);

        private final Waiters.Waiter waiter;
        private final Job job;

        private Offer(Waiters.Waiter waiter, Job job) {
            this.waiter = waiter;
            this.job = job;
        }

        /** A waiter {@linkplain Waiters#take() taken} for a claim in some transaction, and what it claimed. */
        public static Offer of(Waiters.Waiter waiter, Job job) {
            return new Offer(waiter, job);
        }

        /** The transaction committed: the waiter gets its job (or, without one, looks again). */
        public void committed() {
            if (waiter != null) {
                waiter.deliver(job);
            }
        }

        /** The transaction rolled back: the job was never claimed, the waiter looks again. */
        public void rolledBack() {
            if (waiter != null) {
                waiter.deliver(null);
            }
        }
    }
}
