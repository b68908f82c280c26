package dev.agentfactory.provider.inventory;

import java.time.Instant;

/** The data of {@code provider.orphan.detected}. */
public record OrphanDetected(String appName, String kind, String machineId, String workerId, Instant observedAt) {

    public static final String TYPE = "provider.orphan.detected";
    public static final String MACHINE_WITHOUT_WORKER = "machine-without-worker";
    public static final String WORKER_WITHOUT_MACHINE = "worker-without-machine";

    /** The Kafka key: machineId, else appName. */
    public String subject() {
        return machineId != null ? machineId : appName;
    }

    /** The orphan's identity for de-duplication. */
    String ref() {
        return MACHINE_WITHOUT_WORKER.equals(kind) ? machineId : workerId;
    }
}
