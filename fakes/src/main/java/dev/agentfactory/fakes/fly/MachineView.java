package dev.agentfactory.fakes.fly;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A read-only snapshot of a fake machine, for assertions.
 *
 * @param config    a copy of the MachineConfig as last set
 * @param metadata  config.metadata as a map
 * @param volumeId  the mounted volume, or null
 * @param leased    whether a lease is active
 */
public record MachineView(String id, String app, String name, String state, String region, String instanceId,
                          String image, Map<String, String> metadata, String volumeId, boolean cordoned,
                          boolean leased, JsonNode config, Instant createdAt, Instant updatedAt) {

    static MachineView of(FakeMachine m, Instant now) {
        Map<String, String> metadata = new LinkedHashMap<>();
        m.config.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        return new MachineView(m.id, m.app, m.name, m.state, m.region, m.instanceId, m.config.path("image").asText(),
                Map.copyOf(metadata), m.volumeId, m.cordoned, m.activeLease(now) != null, m.config.deepCopy(),
                m.createdAt, m.updatedAt);
    }
}
