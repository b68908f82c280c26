package dev.agentfactory.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.fakes.fly.FakeFlyMachinesApi;
import dev.agentfactory.fakes.fly.MachineView;
import dev.agentfactory.fakes.fly.VolumeView;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.agentfactory.provider.FlyFakeResource.APP;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@QuarkusTest
class CreateMachineTest {

    @InjectFlyFake
    FakeFlyMachinesApi fly;

    @AfterEach
    void clear() {
        fly.clearFaults();
    }

    @Test
    void createsVolumeThenMachineMountingItTaggedAndStarted() throws Exception {
        String commandId = "cmd-" + UUID.randomUUID();
        try (Commands commands = new Commands(); Events events = new Events()) {
            commands.send(Commands.createMachine(commandId, "w-create"));
            JsonNode outcome = events.outcome(commandId);
            assertEquals("provider.command.succeeded", outcome.path("type").asText());
            String machineId = outcome.path("data").path("machineId").asText();
            String volumeId = outcome.path("data").path("volumeId").asText();
            assertEquals(machineId, outcome.path("subject").asText());

            MachineView machine = fly.machine(APP, machineId).orElseThrow();
            assertEquals("started", machine.state());
            assertEquals(Map.of("deployment", "test-deployment", "workerId", "w-create", "commandId", commandId),
                    machine.metadata());
            assertEquals(volumeId, machine.volumeId());
            assertEquals("ams", machine.region());
            JsonNode config = machine.config();
            assertEquals("worker-token-plaintext", config.path("env").path("AF_WORKER_TOKEN").asText());
            assertEquals("http://queue:8082", config.path("env").path("AF_QUEUE_URL").asText());
            assertEquals(512, config.path("guest").path("memory_mb").asInt());
            assertEquals("/data", config.path("mounts").get(0).path("path").asText());
            assertEquals("on-failure", config.path("restart").path("policy").asText());
            VolumeView volume = fly.volumes(APP).stream().filter(v -> v.id().equals(volumeId)).findFirst().orElseThrow();
            assertEquals(machineId, volume.attachedMachineId());
            assertEquals("worker_state", volume.name());

            JsonNode observed = events.await("provider.machine.observed", "machineId", machineId);
            assertEquals("started", observed.path("data").path("state").asText());
            assertEquals("w-create", observed.path("data").path("workerId").asText());
            assertEquals(List.of("requested", "running", "volume-created", "succeeded"), Sql.history(commandId));
            // the secret travelled only to the machine: never on Kafka
            assertThat(events.all(Duration.ofMillis(300)).toString(), not(containsString("worker-token-plaintext")));
        }
    }

    @Test
    void sameCommandTwiceMakesOneMachine() throws Exception {
        String commandId = "cmd-" + UUID.randomUUID();
        try (Commands commands = new Commands(); Events events = new Events()) {
            commands.send(Commands.createMachine(commandId, "w-twice"));
            commands.send(Commands.createMachine(commandId, "w-twice"));
            events.outcome(commandId);
            commands.send(Commands.createMachine(commandId, "w-twice"));
            List<String> outcomes = events.matching(Duration.ofSeconds(3),
                    e -> commandId.equals(e.path("data").path("commandId").asText()))
                    .stream().map(e -> e.path("type").asText()).toList();
            assertEquals(List.of("provider.command.succeeded"), outcomes);
            assertEquals(1, machinesOf(commandId).size());
            assertEquals(List.of("requested", "running", "volume-created", "succeeded"), Sql.history(commandId));
        }
    }

    @Test
    void retriedCreateAdoptsTheMachineAnEarlierAttemptMadeInsteadOfASecondOne() throws Exception {
        String commandId = "cmd-" + UUID.randomUUID();
        // an earlier attempt created the machine but its answer was lost
        MachineView earlier = fly.createForeignMachine(APP, Map.of("deployment", "test-deployment",
                "commandId", commandId, "workerId", "w-lost"));
        try (Commands commands = new Commands(); Events events = new Events()) {
            fly.serverErrors(1); // the first attempt fails on its first call (creating the volume)
            commands.send(Commands.createMachine(commandId, "w-lost"));
            JsonNode retrying = events.await(Events.forCommand("provider.command.retrying", commandId), Duration.ofSeconds(30));
            assertEquals("http_503", retrying.path("data").path("errorCode").asText());
            JsonNode outcome = events.outcome(commandId);
            assertEquals("provider.command.succeeded", outcome.path("type").asText());
            assertEquals(earlier.id(), outcome.path("data").path("machineId").asText());
            assertEquals(2, outcome.path("data").path("attempt").asInt());
            assertEquals(1, machinesOf(commandId).size());
        }
    }

    @Test
    void insufficientCapacityIsRetriedAndReportedThenSucceedsWithOneVolume() throws Exception {
        String commandId = "cmd-" + UUID.randomUUID();
        try (Commands commands = new Commands(); Events events = new Events()) {
            fly.insufficientCapacity(2);
            commands.send(Commands.createMachine(commandId, "w-capacity"));
            JsonNode outcome = events.outcome(commandId);
            assertEquals("provider.command.succeeded", outcome.path("type").asText());
            List<JsonNode> retrying = events.matching(Duration.ofMillis(500),
                    Events.forCommand("provider.command.retrying", commandId));
            // on failure, say what the extra attempts met: their errors and the command's history
            String attempts = retrying.stream().map(e -> e.path("data").path("error").asText()).toList()
                    + " " + Sql.history(commandId);
            assertEquals(3, outcome.path("data").path("attempt").asInt(), attempts);
            assertEquals(2, retrying.size(), attempts);
            for (JsonNode e : retrying) {
                assertEquals("insufficient_capacity", e.path("data").path("errorCode").asText());
                assertFalse(e.path("data").path("nextAttemptAt").asText().isEmpty());
            }
            assertEquals(1, machinesOf(commandId).size());
            String volumeId = outcome.path("data").path("volumeId").asText();
            assertEquals(volumeId, machinesOf(commandId).get(0).volumeId());
            assertEquals(List.of("requested", "running", "volume-created", "retrying", "running", "retrying", "running",
                    "succeeded"), Sql.history(commandId));
        }
    }

    private List<MachineView> machinesOf(String commandId) {
        return fly.machines(APP).stream().filter(m -> commandId.equals(m.metadata().get("commandId"))).toList();
    }
}
