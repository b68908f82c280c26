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

    public static String suspendId(String workerId, int cycle, int round) {
        return "suspend:" + workerId + ":" + cycle + "." + round;
    }

    public static String resumeId(String workerId, int cycle, int round) {
        return "resume:" + workerId + ":" + cycle + "." + round;
    }

    /** The park cycle a suspend or resume commandId belongs to, or -1 for any other id. */
    public static int cycleOf(String commandId) {
        String[] parts = commandId == null ? new String[0] : commandId.split(":");
        if (parts.length != 3 || !(parts[0].equals("suspend") || parts[0].equals("resume"))) {
            return -1;
        }
        String cycle = parts[2].substring(0, Math.max(0, parts[2].indexOf('.')));
        return cycle.matches("\\d{1,9}") ? Integer.parseInt(cycle) : -1;
    }

    public static String destroyId(String workerId, int round) {
        return "destroy:" + workerId + ":" + round;
    }
}
