package dev.agentfactory.queue.cycle;

import dev.agentfactory.queue.claim.Job;
import dev.agentfactory.queue.lease.CompleteStore.Completed;

/**
 * What one request got from its batch: the completed lease (null when the lease was not held, or for a plain
 * claim) and the claimed next job (null when none was asked for or none was claimable).
 */
public record Cycle(Completed done, Job next) {

    static final Cycle NOT_HELD = new Cycle(null, null);
}
