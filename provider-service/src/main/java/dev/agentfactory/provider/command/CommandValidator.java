package dev.agentfactory.provider.command;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.agentfactory.provider.command.CommandRequest.*;

/** Checks a command against its contract before anything is done; answers why it is invalid, or null. */
final class CommandValidator {

    private static final Set<String> ACTIONS = Set.of(CREATE_MACHINE, START_MACHINE, STOP_MACHINE, SUSPEND_MACHINE,
            CORDON_MACHINE, DESTROY_MACHINE, CREATE_VOLUME, DESTROY_VOLUME, CLEANUP);
    private static final Set<String> MACHINE_TARGETED = Set.of(START_MACHINE, STOP_MACHINE, SUSPEND_MACHINE,
            CORDON_MACHINE, DESTROY_MACHINE);
    private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
    private static final Pattern VOLUME_NAME = Pattern.compile("^[a-z0-9_]{1,30}$");
    private static final Pattern SIGNAL = Pattern.compile("^SIG[A-Z0-9]+$");

    private CommandValidator() {
    }

    static boolean knownAction(String action) {
        return action != null && ACTIONS.contains(action);
    }

    static String problem(CommandRequest c) {
        if (blank(c.action()) || !ACTIONS.contains(c.action())) {
            return "action must be one of " + ACTIONS;
        }
        if (blank(c.appName())) {
            return "appName is required";
        }
        if (MACHINE_TARGETED.contains(c.action()) && blank(c.machineId()) && blank(c.workerId())) {
            return c.action() + " needs machineId or workerId";
        }
        if (c.action().equals(DESTROY_VOLUME) && blank(c.volumeId())) {
            return "destroy-volume needs volumeId";
        }
        if (c.action().equals(CREATE_VOLUME)) {
            return volume(c.volume());
        }
        if (c.action().equals(CREATE_MACHINE)) {
            return machine(c.machine());
        }
        if (c.stop() != null && ((c.stop().signal() != null && !SIGNAL.matcher(c.stop().signal()).matches())
                || (c.stop().timeoutSeconds() != null && (c.stop().timeoutSeconds() < 0 || c.stop().timeoutSeconds() > 3600)))) {
            return "stop.signal must look like SIGTERM and stop.timeoutSeconds be 0..3600";
        }
        if (c.cleanup() != null && (outOf(c.cleanup().machineConcurrency(), 1, 32) || outOf(c.cleanup().volumeConcurrency(), 1, 32))) {
            return "cleanup concurrency must be 1..32";
        }
        return null;
    }

    private static String machine(MachineRequest m) {
        if (m == null || blank(m.image())) {
            return "create-machine needs machine.image";
        }
        if (m.guest() != null && (m.guest().cpus() == null || outOf(m.guest().cpus(), 1, 64)
                || m.guest().memoryMb() == null || outOf(m.guest().memoryMb(), 256, 262144)
                || !Set.of("shared", "performance").contains(String.valueOf(m.guest().cpuKind())))) {
            return "machine.guest needs cpuKind shared|performance, cpus 1..64, memoryMb 256..262144";
        }
        if (!names(m.env()) || !names(m.secretEnv())) {
            return "machine.env and machine.secretEnv names must match " + ENV_NAME.pattern();
        }
        if (m.volume() != null && (m.volume().name() == null || !VOLUME_NAME.matcher(m.volume().name()).matches()
                || m.volume().sizeGb() == null || outOf(m.volume().sizeGb(), 1, 500)
                || m.volume().path() == null || !m.volume().path().startsWith("/"))) {
            return "machine.volume needs name [a-z0-9_]{1,30}, sizeGb 1..500 and an absolute path";
        }
        if (m.restartPolicy() != null && !Set.of("no", "always", "on-failure").contains(m.restartPolicy())) {
            return "machine.restartPolicy must be no, always or on-failure";
        }
        return null;
    }

    private static String volume(VolumeRequest v) {
        if (v == null || v.name() == null || !VOLUME_NAME.matcher(v.name()).matches() || v.sizeGb() == null
                || outOf(v.sizeGb(), 1, 500)) {
            return "create-volume needs volume.name [a-z0-9_]{1,30} and volume.sizeGb 1..500";
        }
        return null;
    }

    private static boolean names(Map<String, String> env) {
        return env == null || env.keySet().stream().allMatch(k -> ENV_NAME.matcher(k).matches());
    }

    private static boolean outOf(Integer value, int min, int max) {
        return value != null && (value < min || value > max);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
