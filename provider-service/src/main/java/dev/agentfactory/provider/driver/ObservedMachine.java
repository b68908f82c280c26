package dev.agentfactory.provider.driver;

import java.time.Instant;
import java.util.Map;

/**
 * A machine as the provider reports it.
 *
 * @param metadata the provider-side tags: {@code deployment}, {@code workerId}, {@code commandId}
 */
public record ObservedMachine(String id, String name, String state, String region, String instanceId,
                              String volumeId, boolean cordoned, Instant createdAt, Map<String, String> metadata) {

    public static final String DEPLOYMENT = "deployment";
    public static final String WORKER_ID = "workerId";
    public static final String COMMAND_ID = "commandId";

    public String deployment() {
        return metadata.get(DEPLOYMENT);
    }

    public String workerId() {
        return metadata.get(WORKER_ID);
    }

    public String commandId() {
        return metadata.get(COMMAND_ID);
    }

    public ObservedMachine withState(String newState) {
        return new ObservedMachine(id, name, newState, region, instanceId, volumeId, cordoned, createdAt, metadata);
    }

    public boolean taggedWith(String deployment) {
        return deployment.equals(deployment());
    }
}
