package dev.agentfactory.fakes.fly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.fakes.TestHttp;
import dev.agentfactory.fakes.TestHttp.Reply;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Auth, apps and the machine lifecycle over real HTTP. */
class FakeFlyMachinesTest extends FlyTestSupport {

    @BeforeEach
    void startFake() {
        start(FakeFlyMachinesApi.builder().bootDelayMs(100).stopDelayMs(50).rateLimits(RateLimitPolicy.DISABLED));
    }

    @Test
    void acceptsBearerAndFlyV1AndRejectsMissingOrWrongTokens() {
        assertEquals(200, http.get(machines()).status());
        assertEquals(200, new TestHttp(fake.baseUrl()).auth("FlyV1 " + TOKEN).get(machines()).status());

        Reply missing = new TestHttp(fake.baseUrl()).get(machines());
        assertEquals(401, missing.status());
        assertEquals("{\"error\":\"unauthorized\"}", missing.raw().body());
        assertEquals(401, new TestHttp(fake.baseUrl()).auth("Bearer wrong").get(machines()).status());
        assertEquals(401, new TestHttp(fake.baseUrl()).auth(TOKEN).get(machines()).status());
        assertEquals("unauthorized", fake.requestLog().get(2).rejection());
    }

    @Test
    void appsCanBeReadAndCreated() {
        Reply missing = http.get("/apps/nope");
        assertEquals(404, missing.status());
        assertTrue(missing.json().path("error").isTextual());

        assertEquals(201, http.post("/apps", Map.of("app_name", "af-other", "org_slug", "acme")).status());
        JsonNode app = http.get("/apps/af-other").json();
        assertEquals("af-other", app.path("name").asText());
        assertEquals("acme", app.path("organization").path("slug").asText());
        assertEquals(422, http.post("/apps", Map.of("app_name", "af-other", "org_slug", "acme")).status());
        assertEquals(404, http.get("/apps/nope/machines").status());
    }

    @Test
    void createdMachineBootsToStartedAndWaitReturnsOk() {
        JsonNode created = create(Map.of("name", "worker-1", "region", "ams", "config", config(Map.of("owner", "af"))));
        String id = created.path("id").asText();
        assertTrue(id.matches("[0-9a-f]{14}"), id);
        assertEquals("created", created.path("state").asText());
        assertEquals("worker-1", created.path("name").asText());
        assertEquals("ams", created.path("region").asText());
        assertEquals("registry.fly.io/af-worker:1", created.path("config").path("image").asText());
        assertEquals(256, created.path("config").path("guest").path("memory_mb").asInt());
        assertEquals("ok", created.path("host_status").asText());
        assertTrue(created.path("checks").isArray());
        assertFalse(created.path("cordoned").asBoolean(true));
        Instant.parse(created.path("created_at").asText());
        Instant.parse(created.path("updated_at").asText());

        assertReaches(id, "started");
        JsonNode started = http.get(machine(id)).json();
        assertEquals("started", started.path("state").asText());
        JsonNode latest = started.path("events").get(0);
        assertEquals("started", latest.path("status").asText());
        assertEquals("start", latest.path("type").asText());
        assertEquals("flyd", latest.path("source").asText());
        assertTrue(latest.path("timestamp").asLong() > 1_600_000_000_000L);
        assertEquals("started", fake.machine(APP, id).orElseThrow().state());
    }

    @Test
    void skipLaunchStaysCreatedUntilStarted() {
        String id = create(Map.of("skip_launch", true, "config", config(Map.of()))).path("id").asText();
        assertEquals(408, await(id, "started", 1).status());
        Reply start = http.post(machine(id) + "/start", "");
        assertEquals(200, start.status());
        assertEquals("created", start.json().path("previous_state").asText());
        assertReaches(id, "started");
        assertEquals(412, http.post(machine(id) + "/start", "").status(), "already started");
    }

    @Test
    void createValidatesTheConfig() {
        Reply noImage = http.post(machines(), Map.of("config", Map.of("env", Map.of("A", "b"))));
        assertEquals(422, noImage.status());
        assertTrue(noImage.json().path("error").asText().contains("image"));
        Reply twoMounts = http.post(machines(), Map.of("config",
                config(Map.of(), "mounts", List.of(mount("vol_aaaaaaaaaaaaaaaa"), mount("vol_bbbbbbbbbbbbbbbb")))));
        assertEquals(400, twoMounts.status());
        assertEquals(422, http.post(machines(), Map.of("config", config(Map.of(), "guest", Map.of("memory_mb", 300)))).status());
        assertEquals(400, http.post(machines(), "{not json").status());
        create(Map.of("name", "taken", "config", config(Map.of())));
        Reply taken = http.post(machines(), Map.of("name", "taken", "config", config(Map.of())));
        assertEquals(409, taken.status());
        assertEquals("name_taken", taken.json().path("status").asText());
        assertEquals(1, fake.machines(APP).size());
    }

    @Test
    void listFiltersByMetadataRegionAndDeletion() {
        String a = createWithMetadata(Map.of("owner", "af", "tenant", "t1")).path("id").asText();
        String b = createWithMetadata(Map.of("owner", "af", "tenant", "t2")).path("id").asText();
        fake.createForeignMachine(APP, Map.of("owner", "someone-else"));

        assertEquals(3, http.get(machines()).json().size());
        assertEquals(List.of(a, b), ids(http.get(machines() + "?metadata.owner=af").json()));
        assertEquals(List.of(b), ids(http.get(machines() + "?metadata.owner=af&metadata.tenant=t2").json()));
        assertEquals(List.of(), ids(http.get(machines() + "?metadata.owner=af&metadata.tenant=t3").json()));
        assertEquals(3, http.get(machines() + "?region=iad").json().size());
        assertEquals(0, http.get(machines() + "?region=ams").json().size());

        assertReaches(a, "started");
        assertEquals(200, http.delete(machine(a) + "?force=true").status());
        assertReaches(a, "destroyed");
        assertEquals(List.of(b), ids(http.get(machines() + "?metadata.owner=af").json()));
        assertEquals(List.of(a, b), ids(http.get(machines() + "?metadata.owner=af&include_deleted=true").json()));
    }

    @Test
    void stopThenDeleteAndForceDeleteOfARunningMachine() {
        String id = createWithMetadata(Map.of()).path("id").asText();
        assertReaches(id, "started");

        Reply refused = http.delete(machine(id));
        assertEquals(412, refused.status());
        assertTrue(refused.json().path("error").asText().contains("refusing to delete"));

        assertEquals(200, http.post(machine(id) + "/stop", Map.of("signal", "SIGTERM", "timeout", "10s")).status());
        assertReaches(id, "stopped");
        assertEquals(412, http.post(machine(id) + "/stop", "").status(), "already stopped");
        assertEquals(200, http.delete(machine(id)).status());
        assertReaches(id, "destroyed");
        assertEquals(404, http.delete(machine(id)).status());

        String running = createWithMetadata(Map.of()).path("id").asText();
        assertReaches(running, "started");
        assertEquals(200, http.delete(machine(running) + "?kill=true").status());
        assertReaches(running, "destroyed");
    }

    @Test
    void waitTimesOutWith408() {
        fake.slowBoot(5_000);
        String id = createWithMetadata(Map.of()).path("id").asText();
        long before = System.nanoTime();
        Reply timeout = await(id, "started", 1);
        long tookMs = (System.nanoTime() - before) / 1_000_000;
        assertEquals(408, timeout.status());
        assertTrue(timeout.json().path("error").isTextual());
        assertTrue(tookMs >= 900, "waited " + tookMs + " ms");
        assertEquals(400, await(id, "started", 61).status());
        assertEquals(400, await(id, "running", 5).status());
    }

    @Test
    void updateReplacesConfigAndRestartsOnANewInstance() {
        JsonNode created = createWithMetadata(Map.of("owner", "af"));
        String id = created.path("id").asText();
        assertReaches(id, "started");
        String instance = http.get(machine(id)).json().path("instance_id").asText();

        Map<String, Object> newConfig = config(Map.of("owner", "af"), "env", Map.of("MODE", "2"));
        newConfig.put("image", "registry.fly.io/af-worker:2");
        Reply updated = http.post(machine(id), Map.of("config", newConfig));
        assertEquals(200, updated.status());
        assertEquals("registry.fly.io/af-worker:2", updated.json().path("config").path("image").asText());
        assertNotEquals(instance, updated.json().path("instance_id").asText());
        assertReaches(id, "started");
        assertEquals(422, http.post(machine(id), Map.of("config", Map.of())).status());
    }

    @Test
    void suspendCordonAndMetadataEndpoints() {
        String id = createWithMetadata(Map.of("owner", "af")).path("id").asText();
        assertReaches(id, "started");
        assertEquals(200, http.post(machine(id) + "/suspend", "").status());
        assertReaches(id, "suspended");
        assertEquals("suspended", http.post(machine(id) + "/start", "").json().path("previous_state").asText());
        assertReaches(id, "started");

        assertEquals(200, http.post(machine(id) + "/cordon", "").status());
        assertTrue(http.get(machine(id)).json().path("cordoned").asBoolean());
        assertEquals(200, http.post(machine(id) + "/uncordon", "").status());
        assertFalse(fake.machine(APP, id).orElseThrow().cordoned());

        assertEquals(204, http.post(machine(id) + "/metadata/task", Map.of("value", "t-42")).status());
        assertEquals("t-42", http.get(machine(id) + "/metadata").json().path("task").asText());
        assertEquals(1, http.get(machines() + "?metadata.task=t-42").json().size());
        assertEquals(204, http.delete(machine(id) + "/metadata/task").status());
        assertEquals(Map.of("owner", "af"), fake.machine(APP, id).orElseThrow().metadata());
        assertEquals(400, http.post(machine(id) + "/metadata/x", Map.of()).status());
    }

    @Test
    void exitedAutoDestroyMachineIsDestroyed() {
        String id = create(Map.of("config", config(Map.of(), "auto_destroy", true))).path("id").asText();
        assertReaches(id, "started");
        fake.simulateExit(APP, id, 0);
        assertReaches(id, "destroyed");

        String restarting = create(Map.of("config", config(Map.of(), "restart", Map.of("policy", "on-failure"))))
                .path("id").asText();
        assertReaches(restarting, "started");
        fake.simulateExit(APP, restarting, 1);
        assertEquals("starting", fake.machine(APP, restarting).orElseThrow().state());
        assertReaches(restarting, "started");
    }
}
