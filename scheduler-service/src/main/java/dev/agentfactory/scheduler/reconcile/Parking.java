package dev.agentfactory.scheduler.reconcile;

import java.time.Instant;

/**
 * A worker's park/resume bookkeeping. Each park starts a new {@code cycle}; the suspend and resume commands of a
 * cycle are retried in rounds, and their ids carry cycle and round, so an outcome of an earlier cycle never
 * confirms a later one.
 *
 * @param resumedAt when the worker was last resumed (null if never parked and resumed)
 */
public record Parking(int cycle, int suspendRound, Instant suspendSentAt, boolean suspendConfirmed,
                      Instant resumedAt, int resumeRound, Instant resumeSentAt, boolean resumeConfirmed) {

    public static final Parking NEVER = new Parking(0, 0, null, false, null, 0, null, false);

    /** Resumed and the provider has not yet confirmed the machine runs again. */
    public boolean resuming() {
        return resumedAt != null && !resumeConfirmed;
    }
}
