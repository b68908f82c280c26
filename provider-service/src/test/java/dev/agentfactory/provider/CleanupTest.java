package dev.agentfactory.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.fakes.fly.FakeFlyMachinesApi;
import dev.agentfactory.fakes.fly.MachineView;
import dev.agentfactory.platform.testing.TestCredentials;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.agentfactory.provider.FlyFakeResource.APP;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class CleanupTest {

    @InjectFlyFake
    FakeFlyMachinesApi fly;

    @AfterEach
    void clear() {
        fly.clearFaults();
    }

    @Test
    void cleanupReportIsExactUnderInjectedFailures() {
        cleanup("{\"dryRun\": false}"); // start from an empty app
        List<String> ours = new ArrayList<>();
        try (Commands commands = new Commands(); Events events = new Events()) {
            for (int i = 0; i < 3; i++) {
                String commandId = "cleanup-" + i + "-" + UUID.randomUUID();
                commands.send(Commands.createMachine(commandId, "w-cleanup-" + i));
                ours.add(events.outcome(commandId).path("data").path("machineId").asText());
            }
            String volumeCommand = "loose-volume-" + UUID.randomUUID();
            commands.send(Commands.base(volumeCommand, "create-volume", APP).set("volume",
                    dev.agentfactory.platform.event.Json.MAPPER.createObjectNode().put("name", "loose").put("sizeGb", 1)));
            assertEquals("provider.command.succeeded", events.outcome(volumeCommand).path("type").asText());
        }
        MachineView foreign = fly.createForeignMachine(APP, Map.of("deployment", "someone-else"));
        String leased = ours.get(0);
        String nonce = given().header("Authorization", "Bearer " + FlyFakeResource.FLY_TOKEN).contentType(ContentType.JSON)
                .body("{\"ttl\": 300}").post(fly.baseUrl() + "/apps/" + APP + "/machines/" + leased + "/lease")
                .then().statusCode(200).extract().path("data.nonce");
        String leasedVolume = fly.machine(APP, leased).orElseThrow().volumeId();

        fly.serverErrors(2); // the first inventory call fails twice, then the retry gets through
        JsonPath report = cleanup("{\"dryRun\": false, \"machineConcurrency\": 2, \"volumeConcurrency\": 2}");

        assertEquals(Map.of("found", 4, "destroyed", 3, "remaining", 1), report.getMap("machines"));
        assertEquals(Map.of("found", 4, "destroyed", 3, "remaining", 1), report.getMap("volumes"));
        List<String> errors = report.getList("errors");
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("machine " + leased + ":")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("volume " + leasedVolume + ":")), errors.toString());
        List<String> warnings = report.getList("warnings");
        assertEquals(List.of("1 machine(s) still present after cleanup: [" + leased + "]",
                "1 volume(s) still present after cleanup: [" + leasedVolume + "]"), warnings);
        assertEquals(false, report.getBoolean("dryRun"));
        assertEquals(APP, report.getString("appName"));
        assertEquals("destroyed", fly.machine(APP, foreign.id()).orElseThrow().state(), "cleanup empties the whole app");
        assertEquals(List.of(leased), fly.machines(APP).stream().filter(m -> !m.state().equals("destroyed"))
                .map(MachineView::id).toList());

        try (Events events = new Events()) {
            JsonNode event = events.await(e -> e.path("type").asText().equals("provider.cleanup.reported")
                    && e.path("data").path("errors").size() == 2, Duration.ofSeconds(20));
            assertEquals(APP, event.path("subject").asText());
            assertEquals(3, event.path("data").path("machines").path("destroyed").asInt());
        }
        given().header("Authorization", "Bearer " + FlyFakeResource.FLY_TOKEN).header("fly-machine-lease-nonce", nonce)
                .delete(fly.baseUrl() + "/apps/" + APP + "/machines/" + leased + "/lease").then().statusCode(200);
    }

    @Test
    void dryRunCountsWithoutDestroying() {
        MachineView a = fly.createForeignMachine(APP, Map.of("deployment", "test-deployment", "workerId", "w-dry"));
        int before = alive();
        JsonPath report = cleanup("{\"dryRun\": true}");
        assertEquals(Map.of("found", before, "destroyed", before, "remaining", before), report.getMap("machines"));
        assertEquals(List.of(), report.getList("errors"));
        assertTrue(report.getList("warnings").get(0).toString().startsWith("dry run"));
        assertEquals(before, alive());
        assertEquals("started", fly.machine(APP, a.id()).orElseThrow().state());
    }

    @Test
    void badRequestsAreRefusedAndDestroyNothing() {
        fly.createForeignMachine(APP, Map.of("deployment", "test-deployment"));
        int before = alive();
        for (String body : List.of("{\"dryRun\": false, \"machineConcurrency\": 0}",
                "{\"dryRun\": false, \"volumeConcurrency\": 33}", "{\"machineConcurrency\": 2}",
                "{\"dryRun\": false, \"machineConcurrency\": \"many\"}", "{", "")) {
            given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON).body(body)
                    .post("/v1/cleanup").then().log().ifValidationFails().statusCode(400).contentType("application/problem+json")
                    .body("status", equalTo(400));
        }
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body("{\"dryRun\": false, \"machineConcurrency\": 0}").post("/v1/cleanup").then()
                .body("violations.field", hasItem(org.hamcrest.Matchers.containsString("machineConcurrency")));
        given().contentType(ContentType.JSON).body("{\"dryRun\": false}").post("/v1/cleanup").then().statusCode(401);
        given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON).body("{\"dryRun\": false}")
                .post("/v1/cleanup").then().statusCode(403);
        given().header("Authorization", TestCredentials.SERVICE).get("/v1/machines").then().statusCode(403);
        given().get("/v1/volumes").then().statusCode(401);
        assertEquals(before, alive());
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/volumes").then().statusCode(200)
                .body("appName", equalTo(APP)).body("volumes", org.hamcrest.Matchers.notNullValue());
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/machines?all=true").then().statusCode(200)
                .body("machines", hasSize(before));
    }

    private int alive() {
        return (int) fly.machines(APP).stream().filter(m -> !m.state().equals("destroyed")).count();
    }

    private static JsonPath cleanup(String body) {
        return given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON).body(body)
                .post("/v1/cleanup").then().statusCode(200).extract().jsonPath();
    }
}
