package dev.agentfactory.fakes.fly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** Validation of MachineConfig and of its (single) mount. */
final class MachineConfigs {

    private static final Set<String> RESTART_POLICIES = Set.of("", "no", "always", "on-failure");
    private static final Set<String> CPU_KINDS = Set.of("shared", "performance");

    private MachineConfigs() {
    }

    /** A validated copy of {@code config}, guest defaults filled in; 400 for bad shapes, 422 for invalid values. */
    static ObjectNode normalize(JsonNode config) {
        if (config == null || config.isNull()) {
            throw FlyException.unprocessable("invalid config: config is required");
        }
        if (!config.isObject()) {
            throw FlyException.badRequest("json: config must be an object");
        }
        ObjectNode copy = ((ObjectNode) config).deepCopy();
        if (!copy.path("image").isTextual() || copy.path("image").asText().isBlank()) {
            throw FlyException.unprocessable("invalid config.image: image is required");
        }
        stringMap(copy, "env");
        stringMap(copy, "metadata");
        guest(copy);
        restart(copy);
        mounts(copy);
        return copy;
    }

    /** The volume id of the config's mount, or null. */
    static String mountedVolume(ObjectNode config) {
        JsonNode mounts = config.path("mounts");
        return mounts.isArray() && mounts.size() == 1 ? mounts.get(0).path("volume").asText() : null;
    }

    /**
     * The volume a machine may mount: exists in the app, is not destroyed, is not attached to another
     * machine, and is in {@code region} when one is given.
     */
    static FakeVolume attachable(FakeApp app, String volumeId, FakeMachine machine, String region) {
        FakeVolume volume = app.volumes.get(volumeId);
        if (volume == null || volume.destroyed()) {
            throw FlyException.unprocessable("invalid config.mounts: volume " + volumeId + " not found in app " + app.name);
        }
        if (volume.attachedMachineId != null && (machine == null || !volume.attachedMachineId.equals(machine.id))) {
            throw FlyException.precondition("volume " + volumeId + " is already attached to machine " + volume.attachedMachineId);
        }
        if (region != null && !region.equals(volume.region)) {
            throw FlyException.unprocessable("invalid config.mounts: volume " + volumeId + " is in region "
                    + volume.region + ", machine region is " + region);
        }
        return volume;
    }

    private static void stringMap(ObjectNode config, String field) {
        JsonNode node = config.get(field);
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw FlyException.badRequest("json: config." + field + " must be an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw FlyException.badRequest("json: config." + field + "." + entry.getKey() + " must be a string");
            }
        }
    }

    private static void guest(ObjectNode config) {
        JsonNode given = config.get("guest");
        if (given != null && !given.isNull() && !given.isObject()) {
            throw FlyException.badRequest("json: config.guest must be an object");
        }
        ObjectNode guest = given == null || given.isNull() ? config.putObject("guest") : (ObjectNode) given;
        if (!guest.has("cpu_kind") || guest.path("cpu_kind").asText().isEmpty()) {
            guest.put("cpu_kind", "shared");
        }
        if (!CPU_KINDS.contains(guest.path("cpu_kind").asText())) {
            throw FlyException.unprocessable("invalid config.guest.cpu_kind: " + guest.path("cpu_kind").asText());
        }
        if (!guest.has("cpus")) {
            guest.put("cpus", 1);
        }
        if (!guest.has("memory_mb")) {
            guest.put("memory_mb", 256);
        }
        int cpus = guest.path("cpus").asInt(-1);
        int memory = guest.path("memory_mb").asInt(-1);
        if (cpus < 1 || !guest.path("cpus").isIntegralNumber()) {
            throw FlyException.unprocessable("invalid config.guest.cpus: must be a positive integer");
        }
        if (memory < 256 || memory % 256 != 0 || !guest.path("memory_mb").isIntegralNumber()) {
            throw FlyException.unprocessable("invalid config.guest.memory_mb: must be a multiple of 256");
        }
    }

    private static void restart(ObjectNode config) {
        JsonNode restart = config.get("restart");
        if (restart == null || restart.isNull()) {
            return;
        }
        String policy = restart.path("policy").asText("");
        if (!RESTART_POLICIES.contains(policy)) {
            throw FlyException.unprocessable("invalid config.restart.policy: " + policy);
        }
    }

    private static void mounts(ObjectNode config) {
        JsonNode mounts = config.get("mounts");
        if (mounts == null || mounts.isNull()) {
            return;
        }
        if (!mounts.isArray()) {
            throw FlyException.badRequest("json: config.mounts must be an array");
        }
        if (mounts.size() > 1) {
            throw FlyException.badRequest("invalid config.mounts: a machine can have at most one mount");
        }
        for (JsonNode mount : mounts) {
            if (!mount.path("volume").asText().startsWith("vol_")) {
                throw FlyException.unprocessable("invalid config.mounts: volume must be a volume id (vol_…)");
            }
            if (!mount.path("path").asText().startsWith("/")) {
                throw FlyException.unprocessable("invalid config.mounts: path must be absolute");
            }
        }
    }
}
