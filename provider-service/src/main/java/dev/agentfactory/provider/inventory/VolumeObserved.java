package dev.agentfactory.provider.inventory;

import java.time.Instant;

/** The data of {@code provider.volume.observed}. */
public record VolumeObserved(String volumeId, String appName, String state, String attachedMachineId, Integer sizeGb,
                             Instant observedAt) {

    public static final String TYPE = "provider.volume.observed";
}
