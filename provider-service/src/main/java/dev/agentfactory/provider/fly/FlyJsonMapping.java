package dev.agentfactory.provider.fly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.provider.driver.MachineSpec;
import dev.agentfactory.provider.driver.ObservedMachine;
import dev.agentfactory.provider.driver.ObservedVolume;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Machines API JSON to and from the driver's records. */
final class FlyJsonMapping {

    private FlyJsonMapping() {
    }

    static ObservedMachine machine(JsonNode json) {
        JsonNode config = json.path("config");
        Map<String, String> metadata = new HashMap<>();
        config.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        JsonNode mounts = config.path("mounts");
        String volumeId = mounts.isArray() && mounts.size() > 0 ? text(mounts.get(0), "volume") : null;
        return new ObservedMachine(json.path("id").asText(), text(json, "name"), json.path("state").asText("unknown"),
                text(json, "region"), text(json, "instance_id"), volumeId, json.path("cordoned").asBoolean(false),
                instant(json, "created_at"), Map.copyOf(metadata));
    }

    static ObservedVolume volume(JsonNode json) {
        return new ObservedVolume(json.path("id").asText(), text(json, "name"), json.path("state").asText("unknown"),
                json.path("size_gb").asInt(0), text(json, "region"), text(json, "attached_machine_id"),
                instant(json, "created_at"));
    }

    /** The create-machine body: config with image, env, guest, metadata, the mount and the restart policy. */
    static ObjectNode createMachine(MachineSpec spec) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (spec.region() != null) {
            body.put("region", spec.region());
        }
        ObjectNode config = body.putObject("config");
        config.put("image", spec.image());
        ObjectNode env = config.putObject("env");
        spec.env().forEach(env::put);
        ObjectNode guest = config.putObject("guest");
        guest.put("cpu_kind", spec.cpuKind()).put("cpus", spec.cpus()).put("memory_mb", roundTo256(spec.memoryMb()));
        ObjectNode metadata = config.putObject("metadata");
        spec.metadata().forEach(metadata::put);
        if (spec.volumeId() != null) {
            config.putArray("mounts").addObject().put("volume", spec.volumeId()).put("path", spec.mountPath());
        }
        config.putObject("restart").put("policy", spec.restartPolicy() == null ? "on-failure" : spec.restartPolicy());
        config.put("auto_destroy", false);
        return body;
    }

    static ObjectNode createVolume(String name, int sizeGb, String region) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("name", name).put("size_gb", sizeGb).put("encrypted", true);
        if (region != null) {
            body.put("region", region);
        }
        return body;
    }

    private static int roundTo256(int memoryMb) {
        return Math.max(256, ((memoryMb + 255) / 256) * 256);
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() || node.asText().isEmpty() ? null : node.asText();
    }

    private static Instant instant(JsonNode json, String field) {
        String value = text(json, field);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
