package dev.agentfactory.queue.claim;

import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.queue.config.QueueConfig;
import dev.agentfactory.queue.event.LifecycleEvents;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * The short way from a conversation that became claimable to an idle worker: the transaction that made it so
 * claims for the oldest claims long-polling on this instance, so the workers' answers leave with that commit. An
 * enqueue, a dead letter, a redrive, the sweeper and the lease repair go through {@link #conversationsReady}; a
 * batch of completions takes its waiters itself. Either way the waiters taken are answered once the transaction
 * has ended ({@link AfterCommit}, {@link #settle}). The long way (NOTIFY on commit, the listener wakes a waiter,
 * the waiter claims in a transaction of its own) costs a second transaction and commit, and stays the way for
 * waiters on other replicas, for conversations beyond the waiters here, and for heads that come due later
 * ({@link DueAlarm}).
 */
@ApplicationScoped
public class HandOff {

    private final Waiters waiters;
    private final ClaimStore claims;
    private final ReadySignal ready;
    private final LifecycleEvents events;
    private final DueAlarm alarm;
    private final QueueConfig config;

    public HandOff(Waiters waiters, ClaimStore claims, ReadySignal ready, LifecycleEvents events, DueAlarm alarm,
                   QueueConfig config) {
        this.waiters = waiters;
        this.claims = claims;
        this.ready = ready;
        this.events = events;
        this.alarm = alarm;
        this.config = config;
    }

    /**
     * In {@code tx}, which has just changed a conversation's head, claimable as {@code due} says: a head claimable
     * now goes to a local waiter or is announced ({@link #conversationsReady}), one that comes due later gets an
     * alarm after the commit. Appends {@code causes} either way.
     */
    public Uni<Void> headChanged(SqlClient tx, Due due, List<EventEnvelope> causes, AfterCommit after) {
        if (due.now()) {
            return conversationsReady(tx, 1, causes, after);
        }
        after.head(due);
        return events.appendAll(tx, causes);
    }

    /**
     * In {@code tx}, which has just made {@code count} conversations claimable: claims for as many of the oldest
     * local waiters, in one claim statement (which picks the best claimable conversations, exactly as for any
     * claim), and announces what they did not take. Appends {@code causes}, the events of the change, followed by
     * the {@code claimed} events of the hand-offs, in one statement.
     *
     * @param after receives the waiters taken; {@link #settle} the transaction with it
     */
    public Uni<Void> conversationsReady(SqlClient tx, int count, List<EventEnvelope> causes, AfterCommit after) {
        List<String> workerIds = after.take(waiters, count);
        if (workerIds.isEmpty()) {
            return announce(tx, count, causes);
        }
        return claims.claim(tx, workerIds, config.leaseDuration().toMillis()).chain(jobs -> {
            List<Job> handed = after.claimed(jobs);
            List<EventEnvelope> appended = new ArrayList<>(causes);
            appended.addAll(claimedEvents(handed));
            return announce(tx, count - handed.size(), appended);
        });
    }

    /** The {@code claimed} events of jobs handed over. */
    public List<EventEnvelope> claimedEvents(List<Job> handed) {
        return handed.stream().map(job -> events.event(LifecycleEvents.CLAIMED, job.claimedData())).toList();
    }

    /**
     * Pays what {@code transaction} owes waiting claims once it has ended: when it committed, the waiters it took
     * get their jobs and alarms are set for the heads it left coming due later; when it failed, the waiters look
     * again.
     */
    public <T> Uni<T> settle(Uni<T> transaction, AfterCommit after) {
        return transaction.onItemOrFailure().invoke((item, failure) -> {
            if (failure == null) {
                after.committed(alarm);
            } else {
                after.rolledBack();
            }
        });
    }

    private Uni<Void> announce(SqlClient tx, int count, List<EventEnvelope> appended) {
        Uni<Void> announced = count > 0 ? ready.notify(tx, count) : Uni.createFrom().voidItem();
        return announced.chain(() -> appended.isEmpty() ? Uni.createFrom().voidItem() : events.appendAll(tx, appended));
    }
}
