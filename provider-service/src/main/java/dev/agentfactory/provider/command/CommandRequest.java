package dev.agentfactory.provider.command;

import java.util.Map;

/** The data of {@code provider.command.requested} (deploy/contracts/schemas/provider.command.requested.schema.json). */
public record CommandRequest(String commandId, String action, String appName, String workerId, String machineId,
                             String volumeId, MachineRequest machine, VolumeRequest volume, StopRequest stop,
                             CleanupRequest cleanup, String requestedBy) {

    public static final String CREATE_MACHINE = "create-machine";
    public static final String START_MACHINE = "start-machine";
    public static final String STOP_MACHINE = "stop-machine";
    /** Parks a machine: its memory is snapshotted and a later start-machine resumes it. */
    public static final String SUSPEND_MACHINE = "suspend-machine";
    public static final String CORDON_MACHINE = "cordon-machine";
    public static final String DESTROY_MACHINE = "destroy-machine";
    public static final String CREATE_VOLUME = "create-volume";
    public static final String DESTROY_VOLUME = "destroy-volume";
    public static final String CLEANUP = "cleanup";

    public record MachineRequest(String image, String region, Guest guest, Map<String, String> env,
                                 Map<String, String> secretEnv, Mount volume, String restartPolicy) {
    }

    public record Guest(String cpuKind, Integer cpus, Integer memoryMb) {
    }

    /** The volume a created machine mounts. */
    public record Mount(String name, Integer sizeGb, String path) {
    }

    public record VolumeRequest(String name, Integer sizeGb, String region) {
    }

    public record StopRequest(String signal, Integer timeoutSeconds) {
    }

    public record CleanupRequest(Boolean dryRun, Integer machineConcurrency, Integer volumeConcurrency) {
    }
}
