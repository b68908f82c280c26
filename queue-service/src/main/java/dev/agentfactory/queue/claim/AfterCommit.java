package dev.agentfactory.queue.claim;

import java.util.ArrayList;
import java.util.List;

/**
 * What a transaction owes the claims waiting for work, paid once it has ended ({@link HandOff#settle}): the answers
 * of the waiters it took for hand-offs, and alarms for the heads it left coming due later. Collected during the
 * transaction by the code that makes conversations claimable.
 */
public final class AfterCommit {

    private final List<Offer> offers = new ArrayList<>();
    private final List<Due> later = new ArrayList<>();
    private int handedFrom;

    /**
     * Takes up to {@code count} of the oldest waiting claims for one claim statement of this transaction; until
     * {@link #claimed} gives them jobs, each is told to look again, whether the transaction commits or not.
     *
     * @return the workers of the waiters taken, in the order the statement must claim for them
     */
    public List<String> take(Waiters waiters, int count) {
        handedFrom = offers.size();
        List<String> workerIds = new ArrayList<>();
        for (Waiters.Waiter waiter : waiters.take(count)) {
            offers.add(new Offer(waiter, null));
            workerIds.add(waiter.workerId());
        }
        return workerIds;
    }

    /**
     * The jobs the claim statement gave the waiters of the last {@link #take}, in the same order (null where a
     * worker is no longer active: it looks again itself and learns why); each gets its job if the transaction
     * commits.
     *
     * @return the jobs claimed
     */
    public List<Job> claimed(List<Job> jobs) {
        List<Job> handed = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            Offer offer = offers.get(handedFrom + i);
            offers.set(handedFrom + i, new Offer(offer.waiter(), jobs.get(i)));
            if (jobs.get(i) != null) {
                handed.add(jobs.get(i));
            }
        }
        return handed;
    }

    /**
     * A head this transaction left: an alarm is set for it after the commit if it comes due later.
     *
     * @return whether it is claimable now (for the transaction to hand over or announce)
     */
    public boolean head(Due due) {
        if (due.later()) {
            later.add(due);
        }
        return due.now();
    }

    void committed(DueAlarm alarm) {
        offers.forEach(offer -> offer.waiter().deliver(offer.job()));
        later.forEach(alarm::set);
    }

    /** The jobs were never claimed: every waiter looks again. */
    void rolledBack() {
        offers.forEach(offer -> offer.waiter().deliver(null));
    }

    private record Offer(Waiters.Waiter waiter, Job job) {
    }
}
