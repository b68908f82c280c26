package dev.agentfactory.provider.driver;

import java.time.Instant;

/** A volume as the provider reports it. */
public record ObservedVolume(String id, String name, String state, int sizeGb, String region,
                             String attachedMachineId, Instant createdAt) {
}
