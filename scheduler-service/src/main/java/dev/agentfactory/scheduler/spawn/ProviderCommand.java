package dev.agentfactory.scheduler.spawn;

import java.util.Map;

/** Data of {@code provider.command.requested} as the scheduler emits it (secretEnv holds refs only). */
public record ProviderCommand(String commandId, String action, String appName, String workerId, String machineId,
                              Machine machine, Stop stop, String requestedBy) {

    public record Machine(String image, String region, Guest guest, Map<String, String> env,
                          Map<String, String> secretEnv, Volume volume, String restartPolicy) {
    }

    public record Guest(String cpuKind, int cpus, int memoryMb) {
    }

    public record Volume(String name, int sizeGb, String path) {
    }

    public record Stop(String signal, int timeoutSeconds) {
    }

    public static String createId(String workerId) {
        return "create:" + workerId;
    }

    public static String stopId(String workerId, int round) {
        return "stop:" + workerId + ":" + round;
    }

    public static String destroyId(String workerId, int round) {
        return "destroy:" + workerId + ":" + round;
    }
}
