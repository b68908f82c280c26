package dev.agentfactory.queue.claim;

/** What a claim produced: a job, an order to stop, or nothing within the wait. */
public record ClaimOutcome(Job job, boolean shouldStop) {

    static final ClaimOutcome NOTHING = new ClaimOutcome(null, false);
    static final ClaimOutcome STOP = new ClaimOutcome(null, true);

    static ClaimOutcome of(Job job) {
        return new ClaimOutcome(job, false);
    }
}
