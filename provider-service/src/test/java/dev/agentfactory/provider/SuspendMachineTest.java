package dev.agentfactory.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.fakes.fly.FakeFlyMachinesApi;
import dev.agentfactory.fakes.fly.FlyRequestRecord;
import dev.agentfactory.fakes.fly.MachineView;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.testing.TestCredentials;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.agentfactory.provider.FlyFakeResource.APP;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** suspend-machine parks a machine (Fly's suspend: memory snapshotted), start-machine resumes it. */
@QuarkusTest
class SuspendMachineTest {

    @InjectFlyFake
    FakeFlyMachinesApi fly;

    @Test
    void suspendParksTheMachineAndStartResumesIt() throws Exception {
        String worker = "w-park-" + UUID.randomUUID();
        MachineView machine = ourMachine(worker);
        String suspendId = "suspend-" + UUID.randomUUID();
        String resumeId = "resume-" + UUID.randomUUID();
        try (Commands commands = new Commands(); Events events = new Events()) {
            commands.send(Commands.base(suspendId, "suspend-machine", APP).put("workerId", worker));
            JsonNode suspended = events.outcome(suspendId);
            assertEquals("provider.command.succeeded", suspended.path("type").asText(), suspended.toString());
            assertEquals(machine.id(), suspended.path("data").path("machineId").asText());
            assertEquals(worker, suspended.path("data").path("workerId").asText());
            assertEquals("suspended", fly.machine(APP, machine.id()).orElseThrow().state());
            assertEquals(List.of("requested", "running", "succeeded"), Sql.history(suspendId));
            assertEquals(List.of("POST /suspend", "GET /wait?state=suspended"), calls(machine.id(), "/suspend", "/wait"));

            commands.send(Commands.action(resumeId, "start-machine", machine.id()));
            JsonNode resumed = events.outcome(resumeId);
            assertEquals("provider.command.succeeded", resumed.path("type").asText(), resumed.toString());
            assertEquals("started", fly.machine(APP, machine.id()).orElseThrow().state());
            assertEquals(List.of("suspended", "started"), observedStates(events, machine.id()));
            assertEquals(List.of("started"), Sql.strings("SELECT state FROM provider.machines WHERE machine_id = ?",
                    machine.id()));
        }
    }

    @Test
    void theSameSuspendCommandSuspendsOnceAndASuspendedMachineCountsAsDone() throws Exception {
        MachineView machine = ourMachine("w-park-" + UUID.randomUUID());
        String commandId = "suspend-" + UUID.randomUUID();
        String again = "suspend-again-" + UUID.randomUUID();
        try (Commands commands = new Commands(); Events events = new Events()) {
            commands.send(Commands.action(commandId, "suspend-machine", machine.id()));
            commands.send(Commands.action(commandId, "suspend-machine", machine.id()));
            events.outcome(commandId);
            commands.send(Commands.action(commandId, "suspend-machine", machine.id()));
            List<String> outcomes = events.matching(Duration.ofSeconds(3),
                    e -> commandId.equals(e.path("data").path("commandId").asText()))
                    .stream().map(e -> e.path("type").asText()).toList();
            assertEquals(List.of("provider.command.succeeded"), outcomes);
            assertEquals(List.of("requested", "running", "succeeded"), Sql.history(commandId));
            assertEquals(List.of("POST /suspend"), calls(machine.id(), "/suspend"));

            // another command for the suspended machine: Fly refuses (412), the goal is reached, so it succeeds
            commands.send(Commands.action(again, "suspend-machine", machine.id()));
            assertEquals("provider.command.succeeded", events.outcome(again).path("type").asText());
            List<FlyRequestRecord> suspends = requests(machine.id(), "/suspend");
            assertEquals(List.of(200, 412), suspends.stream().map(FlyRequestRecord::status).toList());
            assertEquals("suspended", fly.machine(APP, machine.id()).orElseThrow().state());
        }
    }

    @Test
    void suspendOfAMissingOrStoppedMachineFails() throws Exception {
        MachineView stopped = ourMachine("w-stopped-" + UUID.randomUUID());
        given().header("Authorization", "Bearer " + FlyFakeResource.FLY_TOKEN)
                .post(fly.baseUrl() + "/apps/" + APP + "/machines/" + stopped.id() + "/stop").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> fly.machine(APP, stopped.id()).orElseThrow().state().equals("stopped"));
        String unknownMachine = "suspend-unknown-" + UUID.randomUUID();
        String unknownWorker = "suspend-unknown-worker-" + UUID.randomUUID();
        String ofStopped = "suspend-stopped-" + UUID.randomUUID();
        try (Commands commands = new Commands(); Events events = new Events()) {
            commands.send(Commands.action(unknownMachine, "suspend-machine", "0000dead00beef"));
            commands.send(Commands.base(unknownWorker, "suspend-machine", APP).put("workerId", "w-nobody"));
            commands.send(Commands.action(ofStopped, "suspend-machine", stopped.id()));
            for (String commandId : List.of(unknownMachine, unknownWorker)) {
                JsonNode outcome = events.outcome(commandId);
                assertEquals("provider.command.failed", outcome.path("type").asText());
                assertEquals("not_found", outcome.path("data").path("errorCode").asText());
                assertEquals(List.of("requested", "running", "failed"), Sql.history(commandId));
            }
            JsonNode outcome = events.outcome(ofStopped);
            assertEquals("provider.command.failed", outcome.path("type").asText());
            assertEquals("failed_precondition", outcome.path("data").path("errorCode").asText());
            assertEquals(List.of("requested", "running", "failed"), Sql.history(ofStopped));
        }
        assertEquals("stopped", fly.machine(APP, stopped.id()).orElseThrow().state());
    }

    @Test
    void aParkedWorkersSuspendedMachineIsNeitherGoneNorAnOrphanUntilItVanishes() throws Exception {
        String worker = "w-parked-" + UUID.randomUUID();
        MachineView machine = ourMachine(worker);
        String suspendId = "suspend-" + UUID.randomUUID();
        try (Commands commands = new Commands(); Events events = new Events()) {
            commands.send(Commands.action(suspendId, "suspend-machine", machine.id()));
            assertEquals("provider.command.succeeded", events.outcome(suspendId).path("type").asText());
            commands.sendTo(Topics.SCHEDULER_FLEET, worker, InventoryTest.statusChanged(worker, "parked", machine.id()));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Sql.strings(
                    "SELECT status FROM provider.workers WHERE worker_id = ?", worker).equals(List.of("parked")));

            JsonPath report = InventoryTest.sync();
            assertFalse(report.getList("orphans.machineId").contains(machine.id()), report.prettify());
            assertFalse(report.getList("orphans.workerId").contains(worker), report.prettify());
            assertEquals(List.of("suspended"), Sql.strings("SELECT state FROM provider.machines WHERE machine_id = ?",
                    machine.id()));
            assertEquals(List.of("suspended"), observedStates(events, machine.id()), "the sync saw nothing new");
            given().header("Authorization", TestCredentials.ADMIN).get("/v1/machines").then().statusCode(200)
                    .body("machines.find { it.machineId == '" + machine.id() + "' }.state", equalTo("suspended"));

            // the suspended machine disappears behind our back: the parked worker has lost its machine
            given().header("Authorization", "Bearer " + FlyFakeResource.FLY_TOKEN)
                    .delete(fly.baseUrl() + "/apps/" + APP + "/machines/" + machine.id() + "?force=true")
                    .then().statusCode(200);
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> fly.machine(APP, machine.id()).orElseThrow().state().equals("destroyed"));
            assertTrue(InventoryTest.sync().getList("orphans.workerId").contains(worker));
            JsonNode orphan = events.await(e -> e.path("type").asText().equals("provider.orphan.detected")
                    && worker.equals(e.path("data").path("workerId").asText()), Duration.ofSeconds(20));
            assertEquals("worker-without-machine", orphan.path("data").path("kind").asText());
            assertEquals(List.of("suspended", "destroyed"), observedStates(events, machine.id()));
        }
    }

    /** A started machine tagged with our deployment and a worker, made directly in the fake. */
    private MachineView ourMachine(String workerId) {
        return fly.createForeignMachine(APP, Map.of("deployment", "test-deployment", "workerId", workerId));
    }

    /** The machine's requests whose path ends with one of {@code suffixes}, as "METHOD /suffix[?query]". */
    private List<String> calls(String machineId, String... suffixes) {
        return requests(machineId, suffixes).stream().map(r -> r.method() + " "
                + r.path().substring(r.path().lastIndexOf('/')) + (r.query().isEmpty() ? "" : "?" + stateOnly(r.query())))
                .toList();
    }

    private List<FlyRequestRecord> requests(String machineId, String... suffixes) {
        String prefix = "/v1/apps/" + APP + "/machines/" + machineId;
        List<String> paths = List.of(suffixes).stream().map(s -> prefix + s).toList();
        return fly.requestLog().stream().filter(r -> paths.contains(r.path())).toList();
    }

    /** The state parameter of a wait query (timeout and instance_id vary). */
    private static String stateOnly(String query) {
        return List.of(query.split("&")).stream().filter(p -> p.startsWith("state=")).findFirst().orElse(query);
    }

    /** The states observed for a machine so far, in order. */
    private static List<String> observedStates(Events events, String machineId) {
        return events.matching(Duration.ofMillis(500), e -> e.path("type").asText().equals("provider.machine.observed")
                        && machineId.equals(e.path("data").path("machineId").asText()))
                .stream().map(e -> e.path("data").path("state").asText()).toList();
    }
}
