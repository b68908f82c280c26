package dev.agentfactory.scheduler.reconcile;

import dev.agentfactory.scheduler.fleet.WorkerStatus;

import java.time.Instant;

/**
 * What the capacity decision knows of one worker (from the fleet projection).
 *
 * @param firstClaimAt null until the worker's first claim
 * @param idleSince    set once the worker reported idle (the queue reports a booted worker's registration too)
 * @param busy         the worker holds a lease (last activity was a claim, not idle)
 * @param createFailed the provider reported the create-machine command failed
 */
public record WorkerState(
        String workerId,
        WorkerStatus status,
        Instant spawnedAt,
        Instant statusChangedAt,
        Instant firstClaimAt,
        Instant lastClaimAt,
        Instant idleSince,
        boolean busy,
        Instant heartbeatStaleAt,
        Instant lastHeartbeatAt,
        boolean createFailed,
        int stopRound,
        Instant stopSentAt,
        boolean stopConfirmed,
        int destroyRound,
        Instant destroySentAt) {

    /** Spawned but not heard of yet: neither a claim nor an idle report. */
    public boolean starting() {
        return status == WorkerStatus.ACTIVE && firstClaimAt == null && idleSince == null;
    }

    /** Since when the worker has had nothing to do: end of its last job, else its last claim, else its spawn. */
    public Instant idleReference() {
        if (idleSince != null && (lastClaimAt == null || !idleSince.isBefore(lastClaimAt))) {
            return idleSince;
        }
        return lastClaimAt != null ? lastClaimAt : spawnedAt;
    }

    /** A fresh worker, as the decision sees one it just spawned (used by the simulation and tests). */
    public static WorkerState spawned(String workerId, Instant at) {
        return new WorkerState(workerId, WorkerStatus.ACTIVE, at, at, null, null, null, false, null, null, false,
                0, null, false, 0, null);
    }
}
