package dev.agentfactory.provider.inventory;

import java.time.Instant;

/** The data of {@code provider.machine.observed}. */
public record MachineObserved(String machineId, String appName, String state, String workerId, String region,
                              String instanceId, String volumeId, Instant observedAt) {

    public static final String TYPE = "provider.machine.observed";
}
