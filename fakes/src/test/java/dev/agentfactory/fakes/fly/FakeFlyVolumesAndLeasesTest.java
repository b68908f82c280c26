package dev.agentfactory.fakes.fly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.fakes.TestHttp.Reply;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Volumes with mounts and attachment, and machine leases. */
class FakeFlyVolumesAndLeasesTest extends FlyTestSupport {

    private static final String NONCE = "fly-machine-lease-nonce";

    @BeforeEach
    void startFake() {
        start(FakeFlyMachinesApi.builder().bootDelayMs(50).stopDelayMs(30).rateLimits(RateLimitPolicy.DISABLED));
    }

    private static String volumes() {
        return "/apps/" + APP + "/volumes";
    }

    private JsonNode createVolume(Map<String, Object> body) {
        Reply reply = http.post(volumes(), body);
        assertEquals(200, reply.status(), reply.raw().body());
        return reply.json();
    }

    @Test
    void volumeIsCreatedWithDefaultsAndValidated() {
        JsonNode volume = createVolume(Map.of("name", "workspace"));
        assertTrue(volume.path("id").asText().matches("vol_[a-z0-9]{14,16}"), volume.path("id").asText());
        assertEquals("created", volume.path("state").asText());
        assertEquals(3, volume.path("size_gb").asInt());
        assertTrue(volume.path("encrypted").asBoolean());
        assertEquals("iad", volume.path("region").asText());
        assertFalse(volume.path("zone").asText().isEmpty());
        assertTrue(volume.path("attached_machine_id").isNull());
        Instant.parse(volume.path("created_at").asText());

        assertEquals(400, http.post(volumes(), Map.of("name", "Bad-Name")).status());
        assertEquals(400, http.post(volumes(), Map.of("name", "ok", "size_gb", 0)).status());
        assertEquals(404, http.get(volumes() + "/vol_missing").status());

        String id = volume.path("id").asText();
        Reply extended = http.put(volumes() + "/" + id + "/extend", Map.of("size_gb", 10));
        assertEquals(200, extended.status());
        assertEquals(10, extended.json().path("volume").path("size_gb").asInt());
        assertFalse(extended.json().path("needs_restart").asBoolean(true));
        assertEquals(400, http.put(volumes() + "/" + id + "/extend", Map.of("size_gb", 5)).status(), "grow only");
        assertEquals(0, http.get(volumes() + "/" + id + "/snapshots").json().size());
    }

    @Test
    void mountAttachesTheVolumeAndDestroyDetachesIt() {
        String vol = createVolume(Map.of("name", "workspace", "region", "ams", "size_gb", 5)).path("id").asText();
        JsonNode created = create(Map.of("config", config(Map.of(), "mounts", List.of(mount(vol)))));
        String id = created.path("id").asText();
        assertEquals("ams", created.path("region").asText(), "placed where its volume lives");
        assertEquals(id, http.get(volumes() + "/" + vol).json().path("attached_machine_id").asText());
        assertEquals(id, fake.volumes(APP).get(0).attachedMachineId());

        Reply second = http.post(machines(), Map.of("config", config(Map.of(), "mounts", List.of(mount(vol)))));
        assertEquals(412, second.status(), second.raw().body());
        String other = createVolume(Map.of("name", "other")).path("id").asText();
        Reply unknownVolume = http.post(machines(), Map.of("config", config(Map.of(), "mounts", List.of(mount(other + "x")))));
        assertEquals(422, unknownVolume.status());

        Reply attached = http.delete(volumes() + "/" + vol);
        assertEquals(412, attached.status());
        assertTrue(attached.json().path("error").asText().contains(id));

        assertReaches(id, "started");
        assertEquals(200, http.delete(machine(id) + "?force=true").status());
        assertReaches(id, "destroyed");
        assertTrue(http.get(volumes() + "/" + vol).json().path("attached_machine_id").isNull());

        Reply deleted = http.delete(volumes() + "/" + vol);
        assertEquals(200, deleted.status());
        assertEquals("destroyed", deleted.json().path("state").asText());
        assertEquals(List.of("other"), names(http.get(volumes()).json()));
    }

    @Test
    void mountInAnotherRegionIsRejected() {
        String vol = createVolume(Map.of("name", "workspace", "region", "ams")).path("id").asText();
        Reply reply = http.post(machines(), Map.of("region", "iad", "config", config(Map.of(), "mounts", List.of(mount(vol)))));
        assertEquals(422, reply.status());
        assertNull(fake.volumes(APP).get(0).attachedMachineId());
        assertEquals(0, fake.machines(APP).size());
    }

    private static List<String> names(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(n -> n.path("name").asText()).toList();
    }

    @Test
    void leaseIsExclusiveAndGuardsMutations() {
        String id = createWithMetadata(Map.of()).path("id").asText();
        assertReaches(id, "started");
        assertEquals(404, http.get(machine(id) + "/lease").status());

        Reply lease = http.post(machine(id) + "/lease", Map.of("ttl", 30, "description", "provider"));
        assertEquals(200, lease.status());
        assertEquals("success", lease.json().path("status").asText());
        String nonce = lease.json().path("data").path("nonce").asText();
        assertFalse(nonce.isEmpty());
        assertTrue(lease.json().path("data").path("expires_at").asLong() > Instant.now().getEpochSecond());
        assertEquals(nonce, http.get(machine(id) + "/lease").json().path("data").path("nonce").asText());

        Reply held = http.post(machine(id) + "/lease", Map.of("ttl", 30));
        assertEquals(409, held.status());
        assertTrue(held.json().path("error").isTextual());
        assertEquals(409, http.post(machine(id) + "/stop", "").status());
        assertEquals(409, http.post(machine(id) + "/metadata/k", Map.of("value", "v")).status());
        assertEquals("started", fake.machine(APP, id).orElseThrow().state());

        assertEquals(200, http.post(machine(id) + "/lease", Map.of("ttl", 60), NONCE, nonce).status(), "refresh");
        assertEquals(200, http.post(machine(id) + "/stop", "", NONCE, nonce).status());
        assertReaches(id, "stopped");
        assertEquals(409, http.delete(machine(id) + "/lease", NONCE, "wrong").status());
        assertEquals(200, http.delete(machine(id) + "/lease", NONCE, nonce).status());
        assertFalse(fake.machine(APP, id).orElseThrow().leased());
        assertEquals(200, http.delete(machine(id)).status());
    }

    @Test
    void createWithLeaseTtlReturnsTheNonce() {
        JsonNode created = create(Map.of("lease_ttl", 20, "config", config(Map.of())));
        String nonce = created.path("nonce").asText();
        assertNotNull(nonce);
        assertFalse(nonce.isEmpty());
        String id = created.path("id").asText();
        assertEquals(409, http.post(machine(id) + "/cordon", "").status());
        assertEquals(200, http.post(machine(id) + "/cordon", "", NONCE, nonce).status());
    }
}
