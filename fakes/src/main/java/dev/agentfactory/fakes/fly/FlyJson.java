package dev.agentfactory.fakes.fly;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.fakes.http.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Wire shapes of apps, machines, volumes and leases. Callers hold the {@link FlyState} monitor. */
final class FlyJson {

    private FlyJson() {
    }

    /** RFC 3339 in UTC with second precision, as the API prints it. */
    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static ObjectNode app(FakeApp app) {
        ObjectNode node = Json.object().put("id", app.id).put("name", app.name)
                .put("status", app.machines.isEmpty() ? "pending" : "deployed");
        node.putObject("organization").put("name", app.orgSlug).put("slug", app.orgSlug);
        return node;
    }

    static ObjectNode machine(FakeMachine m) {
        ObjectNode node = Json.object()
                .put("id", m.id)
                .put("name", m.name)
                .put("state", m.state)
                .put("region", m.region)
                .put("instance_id", m.instanceId)
                .put("private_ip", m.privateIp);
        node.set("config", m.config.deepCopy());
        node.set("image_ref", imageRef(m.config.path("image").asText()));
        node.put("created_at", time(m.createdAt));
        node.put("updated_at", time(m.updatedAt));
        ArrayNode events = node.putArray("events");
        m.events.forEach(e -> events.addObject().put("id", e.id()).put("type", e.type()).put("status", e.status())
                .put("source", e.source()).put("timestamp", e.timestamp()));
        node.putArray("checks");
        node.put("cordoned", m.cordoned);
        node.put("host_status", "ok");
        return node;
    }

    static ObjectNode volume(FakeVolume v) {
        long blocks = v.sizeGb * 262_144L;
        ObjectNode node = Json.object()
                .put("id", v.id)
                .put("name", v.name)
                .put("state", v.state)
                .put("size_gb", v.sizeGb)
                .put("region", v.region)
                .put("zone", v.zone)
                .put("encrypted", v.encrypted)
                .put("fstype", "ext4")
                .put("block_size", 4096)
                .put("blocks", blocks)
                .put("blocks_free", blocks)
                .put("blocks_avail", blocks)
                .put("snapshot_retention", v.snapshotRetention)
                .put("auto_backup_enabled", true)
                .put("host_status", "ok")
                .put("created_at", time(v.createdAt));
        if (v.attachedMachineId == null) {
            node.putNull("attached_machine_id");
            node.putNull("attached_alloc_id");
        } else {
            node.put("attached_machine_id", v.attachedMachineId);
            node.putNull("attached_alloc_id");
        }
        return node;
    }

    static ObjectNode lease(Lease lease) {
        ObjectNode node = Json.object().put("status", "success");
        node.putObject("data")
                .put("nonce", lease.nonce())
                .put("expires_at", lease.expiresAt().getEpochSecond())
                .put("owner", lease.owner())
                .put("description", lease.description())
                .put("version", lease.version());
        return node;
    }

    static ObjectNode ok() {
        return Json.object().put("ok", true);
    }

    /** {@code registry/repository:tag} split the way Docker does, with a stable fake digest. */
    private static ObjectNode imageRef(String image) {
        String rest = image;
        String registry = "docker-hub-mirror.fly.io";
        int slash = rest.indexOf('/');
        if (slash > 0 && (rest.substring(0, slash).contains(".") || rest.substring(0, slash).contains(":"))) {
            registry = rest.substring(0, slash);
            rest = rest.substring(slash + 1);
        }
        String tag = "latest";
        int colon = rest.lastIndexOf(':');
        if (colon > 0) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if (!rest.contains("/") && registry.startsWith("docker-hub")) {
            rest = "library/" + rest;
        }
        String digest = String.format("sha256:%064x", Integer.toUnsignedLong(image.hashCode()));
        ObjectNode ref = Json.object().put("registry", registry).put("repository", rest).put("tag", tag).put("digest", digest);
        ref.putObject("labels");
        return ref;
    }
}
