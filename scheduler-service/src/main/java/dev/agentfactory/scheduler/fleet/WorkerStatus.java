package dev.agentfactory.scheduler.fleet;

import java.util.Locale;

/** Fleet lifecycle: active → draining → stopping → stopped (terminal, never reactivated). */
public enum WorkerStatus {
    ACTIVE, DRAINING, STOPPING, STOPPED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WorkerStatus of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
