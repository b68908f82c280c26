package dev.agentfactory.provider.command;

import java.time.Instant;

/** The projection of one command: its request and where it stands. */
public record CommandRecord(String commandId, String action, String appName, String workerId, CommandRequest request,
                            String status, int attempt, String machineId, String volumeId, Instant createdAt) {

    public static final String REQUESTED = "requested";
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String RETRYING = "retrying";
    public static final String FAILED = "failed";
    /** A step inside an attempt that a retry must not repeat. */
    public static final String VOLUME_CREATED = "volume-created";

    public CommandRecord withVolume(String newVolumeId) {
        return new CommandRecord(commandId, action, appName, workerId, request, status, attempt, machineId, newVolumeId,
                createdAt);
    }
}
