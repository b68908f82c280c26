package dev.agentfactory.scheduler.fleet;

import java.util.Locale;

/**
 * Fleet lifecycle: active → draining → stopping → stopped (terminal, never reactivated). An idle worker above
 * the desired size may instead be parked while the policy's pool has room: active → parking (takes no work,
 * machine being suspended) → parked (suspended, costs no compute); a resume makes it active again, an expired
 * or surplus parked worker goes on to stopping.
 */
public enum WorkerStatus {
    ACTIVE, DRAINING, STOPPING, STOPPED, PARKING, PARKED;

    /** In the pool: taking no work, machine suspended or being suspended. */
    public boolean parked() {
        return this == PARKING || this == PARKED;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WorkerStatus of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
