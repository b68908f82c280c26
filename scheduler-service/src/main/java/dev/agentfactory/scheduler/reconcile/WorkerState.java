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
 * @param parking      park/resume bookkeeping ({@link Parking#NEVER} for a worker never parked)
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
        Instant destroySentAt,
        Parking parking) {

    /** Spawned but not heard of yet (neither a claim nor an idle report), or resumed and not yet confirmed. */
    public boolean starting() {
        if (status != WorkerStatus.ACTIVE) {
            return false;
        }
        return parking.resumedAt() != null ? parking.resuming() : firstClaimAt == null && idleSince == null;
    }

    /** When the worker's current run began: its spawn, or its last resume. */
    public Instant startedAt() {
        return parking.resumedAt() != null ? parking.resumedAt() : spawnedAt;
    }

    /**
     * Since when the worker has had nothing to do: end of its last job, else its last claim, else its spawn; never
     * before its last resume, so a resumed worker is not idle-parked again at once.
     */
    public Instant idleReference() {
        Instant reference;
        if (idleSince != null && (lastClaimAt == null || !idleSince.isBefore(lastClaimAt))) {
            reference = idleSince;
        } else {
            reference = lastClaimAt != null ? lastClaimAt : spawnedAt;
        }
        Instant resumed = parking.resumedAt();
        return resumed != null && resumed.isAfter(reference) ? resumed : reference;
    }

    /** A fresh worker, as the decision sees one it just spawned (used by the simulation and tests). */
    public static WorkerState spawned(String workerId, Instant at) {
        return new WorkerState(workerId, WorkerStatus.ACTIVE, at, at, null, null, null, false, null, null, false,
                0, null, false, 0, null, Parking.NEVER);
    }
}
