package dev.agentfactory.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.fakes.fly.FakeFlyMachinesApi;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.testing.TestCredentials;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.agentfactory.provider.FlyFakeResource.APP;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class InventoryTest {

    @InjectFlyFake
    FakeFlyMachinesApi fly;

    @Test
    void syncPublishesObservedStatesAndEachOrphanOnce() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String worker = "w-inv-" + suffix;
        String ghost = "w-ghost-" + suffix;
        String commandId = "inv-" + suffix;
        try (Commands commands = new Commands(); Events events = new Events()) {
            commands.send(Commands.createMachine(commandId, worker));
            String machineId = events.outcome(commandId).path("data").path("machineId").asText();
            commands.sendTo(Topics.SCHEDULER_FLEET, ghost, statusChanged(ghost, "active", null));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    Sql.strings("SELECT status FROM provider.workers WHERE worker_id = ?", ghost).equals(List.of("active")));

            JsonPath report = sync();
            assertTrue(report.getList("orphans.machineId").contains(machineId), report.prettify());
            assertTrue(report.getList("orphans.workerId").contains(ghost), report.prettify());
            JsonNode machineOrphan = events.await("provider.orphan.detected", "machineId", machineId);
            assertEquals("machine-without-worker", machineOrphan.path("data").path("kind").asText());
            JsonNode workerOrphan = events.await("provider.orphan.detected", "workerId", ghost);
            assertEquals("worker-without-machine", workerOrphan.path("data").path("kind").asText());
            assertEquals(APP, workerOrphan.path("subject").asText());

            sync(); // nothing new: each orphan is reported once
            assertEquals(1, events.matching(Duration.ofSeconds(1), e -> e.path("type").asText().equals("provider.orphan.detected")
                    && machineId.equals(e.path("data").path("machineId").asText())).size());

            // the worker shows up: the machine is no longer an orphan
            commands.sendTo(Topics.SCHEDULER_FLEET, worker, statusChanged(worker, "active", machineId));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    !Sql.strings("SELECT status FROM provider.workers WHERE worker_id = ?", worker).isEmpty());
            assertTrue(!sync().getList("orphans.machineId").contains(machineId));
            assertEquals(List.of(), Sql.strings("SELECT kind FROM provider.orphans WHERE ref = ?", machineId));

            // destroyed behind our back: the sync notices
            given().header("Authorization", "Bearer " + FlyFakeResource.FLY_TOKEN)
                    .delete(fly.baseUrl() + "/apps/" + APP + "/machines/" + machineId + "?force=true").then().statusCode(200);
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> fly.machine(APP, machineId).orElseThrow().state().equals("destroyed"));
            sync();
            events.await(e -> e.path("type").asText().equals("provider.machine.observed")
                    && machineId.equals(e.path("data").path("machineId").asText())
                    && e.path("data").path("state").asText().equals("destroyed"), Duration.ofSeconds(20));
            JsonNode again = events.await(e -> e.path("type").asText().equals("provider.orphan.detected")
                    && worker.equals(e.path("data").path("workerId").asText())
                    && e.path("data").path("kind").asText().equals("worker-without-machine"), Duration.ofSeconds(20));
            assertEquals(machineId, again.path("data").path("machineId").asText(), "the machine the worker had");
        }
    }

    @Test
    void aForeignMachineIsNeverReportedAsOurs() {
        var foreign = fly.createForeignMachine(APP, Map.of("deployment", "someone-else"));
        JsonPath report = sync();
        assertTrue(!report.getList("orphans.machineId").contains(foreign.id()));
        assertTrue(report.getInt("foreignMachines") >= 1);
    }

    /** Runs an inventory sync now; answers its report. */
    static JsonPath sync() {
        return given().header("Authorization", TestCredentials.ADMIN).post("/v1/inventory/sync").then().statusCode(200)
                .extract().jsonPath();
    }

    /** A worker.status-changed envelope for af.scheduler.fleet.v1. */
    static String statusChanged(String workerId, String status, String machineId) {
        ObjectNode data = Json.MAPPER.createObjectNode().put("workerId", workerId).put("status", status)
                .put("reason", "spawned").put("changedAt", Instant.now().toString()).put("appName", APP);
        data.putNull("previousStatus");
        if (machineId != null) {
            data.put("machineId", machineId);
        }
        ObjectNode envelope = Json.MAPPER.createObjectNode().put("eventId", UUID.randomUUID().toString())
                .put("type", "worker.status-changed").put("occurredAt", Instant.now().toString())
                .put("source", "scheduler-service").put("subject", workerId).put("schemaVersion", 1);
        envelope.set("data", data);
        return Json.write(envelope);
    }
}
