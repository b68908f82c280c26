package dev.agentfactory.fakes.fly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfactory.fakes.TestHttp;
import dev.agentfactory.fakes.TestHttp.Reply;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fly's real per-action rate limits, injected faults, latency and the request log. */
class FakeFlyLimitsAndFaultsTest extends FlyTestSupport {

    private final MutableClock clock = new MutableClock();

    @BeforeEach
    void startFake() {
        start(FakeFlyMachinesApi.builder().bootDelayMs(50).stopDelayMs(30).clock(clock));
    }

    @Test
    void listIsLimitedPerAppToABurstOfThreeThenOnePerSecond() {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, http.get(machines()).status());
        }
        Reply limited = http.get(machines());
        assertEquals(429, limited.status());
        fake.createApp("af-other");
        assertEquals(200, http.get("/apps/af-other/machines").status(), "buckets are per app");

        clock.advance(Duration.ofMillis(1_000));
        assertEquals(200, http.get(machines()).status());
        assertEquals(429, http.get(machines()).status());

        List<FlyRequestRecord> log = fake.requestLog();
        assertEquals(7, log.size());
        assertEquals(2, log.stream().filter(FlyRequestRecord::rateLimited).count());
        assertEquals("machines.list", log.get(0).action());
        assertEquals(APP, log.get(0).scope());
        assertEquals(429, log.get(3).status());
    }

    @Test
    void getMachineAllowsBurstsOfTenPerMachineAndActionsArePerMachine() {
        String a = createWithMetadata(Map.of()).path("id").asText();
        String b = createWithMetadata(Map.of()).path("id").asText();
        for (int i = 0; i < 10; i++) {
            assertEquals(200, http.get(machine(a)).status());
        }
        assertEquals(429, http.get(machine(a)).status());
        assertEquals(200, http.get(machine(b)).status());
        clock.advance(Duration.ofMillis(200));
        assertEquals(200, http.get(machine(a)).status(), "5/s refill");

        for (int i = 0; i < 3; i++) {
            assertEquals(204, http.post(machine(a) + "/metadata/k" + i, Map.of("value", "v")).status());
        }
        assertEquals(429, http.post(machine(a) + "/metadata/k3", Map.of("value", "v")).status());
        assertEquals(204, http.post(machine(b) + "/metadata/k0", Map.of("value", "v")).status());
        assertEquals(200, http.get(machine(a) + "/metadata").status(), "other actions have their own bucket");
        assertEquals(3, fake.machine(APP, a).orElseThrow().metadata().size());
    }

    @Test
    void rateLimitingCanBeTurnedOff() {
        fake.rateLimiting(false);
        for (int i = 0; i < 20; i++) {
            assertEquals(200, http.get(machines()).status());
        }
        assertTrue(fake.requestLog().stream().noneMatch(FlyRequestRecord::rateLimited));
    }

    @Test
    void injectedRateLimitBurstAndServerErrors() {
        fake.rateLimitBurst(2, 7);
        for (int i = 0; i < 2; i++) {
            Reply limited = http.get("/apps/" + APP);
            assertEquals(429, limited.status());
            assertEquals("7", limited.header("Retry-After"));
        }
        assertEquals(200, http.get("/apps/" + APP).status());

        fake.rateLimitBurst(1);
        assertNull(http.get("/apps/" + APP).header("Retry-After"));

        fake.serverErrors(2, 500);
        assertEquals(500, http.get("/apps/" + APP).status());
        assertEquals(500, http.get("/apps/" + APP).status());
        fake.serverErrors(1);
        assertEquals(503, http.get("/apps/" + APP).status());
        clock.advance(Duration.ofSeconds(5));
        assertEquals(200, http.get("/apps/" + APP).status());
        assertEquals(Arrays.asList("injected_429", "injected_429", null, "injected_429", "injected_5xx", "injected_5xx",
                "injected_5xx", null), fake.requestLog().stream().map(FlyRequestRecord::rejection).toList());
    }

    @Test
    void insufficientCapacityFailsTheNextCreates() {
        fake.insufficientCapacity(1);
        Reply refused = http.post(machines(), Map.of("config", config(Map.of())));
        assertEquals(412, refused.status());
        assertEquals("insufficient capacity", refused.json().path("error").asText());
        assertEquals("insufficient_capacity", refused.json().path("status").asText());
        assertEquals(0, fake.machines(APP).size());
        assertEquals(200, http.post(machines(), Map.of("config", config(Map.of()))).status());
    }

    @Test
    void failedBootsEndInFailedState() {
        fake.failBoots(1);
        String id = createWithMetadata(Map.of()).path("id").asText();
        assertEquals(408, await(id, "started", 1).status());
        assertEquals("failed", fake.machine(APP, id).orElseThrow().state());
    }

    @Test
    void latencyIsAddedToEveryResponse() {
        fake.latency(150);
        long before = System.nanoTime();
        assertEquals(200, http.get(machines()).status());
        assertTrue((System.nanoTime() - before) / 1_000_000 >= 150);
    }

    @Test
    void adminEndpointInjectsFaultsAndExposesTheLog() {
        TestHttp admin = new TestHttp(fake.origin());
        assertEquals(200, admin.get("/health").status());
        assertEquals(200, admin.post("/_faults", Map.of("server_errors", 1, "insufficient_capacity", 1)).status());
        assertEquals(503, http.get(machines()).status());
        assertEquals(412, http.post(machines(), Map.of("config", config(Map.of()))).status());
        Reply log = admin.get("/_requests");
        assertEquals(2, log.json().size());
        assertEquals("injected_5xx", log.json().get(0).path("rejection").asText());
        assertEquals(201, admin.post("/_apps", Map.of("name", "af-black-box")).status());
        assertEquals(200, http.get("/apps/af-black-box").status());
        Reply foreign = admin.post("/_foreign", Map.of("app", APP, "metadata", Map.of("owner", "x")));
        assertEquals("started", foreign.json().path("state").asText());
    }
}
