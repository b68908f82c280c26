package dev.agentfactory.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.fakes.fly.FakeFlyMachinesApi;
import dev.agentfactory.fakes.fly.FlyRequestRecord;
import dev.agentfactory.fakes.fly.MachineView;
import dev.agentfactory.platform.testing.TestCredentials;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.agentfactory.provider.FlyFakeResource.APP;
import static dev.agentfactory.provider.FlyFakeResource.OTHER_APP;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class IsolationTest {

    @InjectFlyFake
    FakeFlyMachinesApi fly;

    @Test
    void aMachineWithoutOurDeploymentTagIsNeverTouched() {
        MachineView foreign = fly.createForeignMachine(APP, Map.of("deployment", "someone-else", "workerId", "w-foreign"));
        fly.clearRequestLog();
        try (Commands commands = new Commands(); Events events = new Events()) {
            for (String action : List.of("stop-machine", "suspend-machine", "cordon-machine", "destroy-machine",
                    "start-machine")) {
                String commandId = action + "-" + UUID.randomUUID();
                commands.send(Commands.action(commandId, action, foreign.id()));
                JsonNode outcome = events.outcome(commandId);
                assertEquals("provider.command.failed", outcome.path("type").asText());
                assertEquals("foreign_machine", outcome.path("data").path("errorCode").asText());
            }
            // by worker id too: the lookup is filtered by our deployment tag, so nothing matches
            String byWorker = "stop-by-worker-" + UUID.randomUUID();
            commands.send(Commands.base(byWorker, "stop-machine", APP).put("workerId", "w-foreign"));
            assertEquals("not_found", events.outcome(byWorker).path("data").path("errorCode").asText());
        }
        List<FlyRequestRecord> touching = fly.requestLog().stream()
                .filter(r -> r.path().contains(foreign.id()) && !r.method().equals("GET")).toList();
        assertTrue(touching.isEmpty(), "changed the foreign machine: " + touching);
        MachineView after = fly.machine(APP, foreign.id()).orElseThrow();
        assertEquals("started", after.state());
        assertFalse(after.cordoned());
        // inventory lists it for operators but does not count it as ours
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/machines").then().statusCode(200)
                .body("machines.machineId", not(hasItem(foreign.id())));
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/machines?all=true").then().statusCode(200)
                .body("machines.machineId", hasItem(foreign.id()));
        // a flag that is neither true nor false is refused, not read as false
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/machines?all=yes").then().statusCode(400)
                .body("violations[0].field", equalTo("all"));
    }

    @Test
    void aCommandForAnotherAppIsRefusedWithoutCallingTheProvider() {
        MachineView elsewhere = fly.createForeignMachine(OTHER_APP, Map.of("deployment", "test-deployment"));
        fly.clearRequestLog();
        String commandId = "other-app-" + UUID.randomUUID();
        try (Commands commands = new Commands(); Events events = new Events()) {
            commands.send(Commands.base(commandId, "destroy-machine", OTHER_APP).put("machineId", elsewhere.id()));
            JsonNode outcome = events.outcome(commandId);
            assertEquals("provider.command.failed", outcome.path("type").asText());
            assertEquals("wrong_app", outcome.path("data").path("errorCode").asText());
        }
        assertTrue(fly.requestLog().stream().noneMatch(r -> r.path().contains(OTHER_APP)));
        assertEquals("started", fly.machine(OTHER_APP, elsewhere.id()).orElseThrow().state());
    }
}
