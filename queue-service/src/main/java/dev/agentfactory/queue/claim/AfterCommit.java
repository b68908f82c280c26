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

    /**
     * A waiter {@linkplain Waiters#take() taken} for a claim in this transaction; until it is {@link #claimed} a
     * job, it is told to look again, whether the transaction commits or not.
     *
     * @return the waiter's number in this transaction
     */
    public int took(Waiters.Waiter waiter) {
        offers.add(new Offer(waiter, null));
        return offers.size() - 1;
    }

    /** The job claimed for waiter number {@code taken}: it gets it if the transaction commits. */
    public void claimed(int taken, Job job) {
        offers.set(taken, new Offer(offers.get(taken).waiter(), job));
    }

    /** A head this transaction left: an alarm is set for it after the commit if it comes due later. */
    public void head(Due due) {
        if (due.later()) {
            later.add(due);
        }
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
