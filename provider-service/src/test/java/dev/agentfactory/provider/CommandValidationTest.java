package dev.agentfactory.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.fakes.fly.FakeFlyMachinesApi;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class CommandValidationTest {

    @InjectFlyFake
    FakeFlyMachinesApi fly;

    @Test
    void anInvalidCommandFailsWithoutCallingTheProvider() throws Exception {
        fly.clearRequestLog();
        String noMachine = "invalid-" + UUID.randomUUID();
        String badVolume = "invalid-" + UUID.randomUUID();
        String noTarget = "invalid-" + UUID.randomUUID();
        try (Commands commands = new Commands(); Events events = new Events()) {
            commands.send(Commands.base(noMachine, "create-machine", FlyFakeResource.APP));
            commands.send(Commands.base(noTarget, "suspend-machine", FlyFakeResource.APP)); // no machineId, no workerId
            var data = Commands.createMachine(badVolume, "w-bad");
            ((com.fasterxml.jackson.databind.node.ObjectNode) data.path("machine").path("volume")).put("name", "Bad-Name!");
            commands.send(data);
            for (String commandId : List.of(noMachine, badVolume, noTarget)) {
                JsonNode outcome = events.outcome(commandId);
                assertEquals("provider.command.failed", outcome.path("type").asText());
                assertEquals("invalid_command", outcome.path("data").path("errorCode").asText());
                assertEquals(List.of("requested", "failed"), Sql.history(commandId));
            }
        }
        assertTrue(fly.requestLog().isEmpty(), "no provider call for invalid commands: " + fly.requestLog());
    }

    @Test
    void aRecordThatIsNotACommandGoesToTheDeadLetterTopic() {
        String marker = UUID.randomUUID().toString();
        try (Commands commands = new Commands(); TopicProbe dlq = new TopicProbe(Topics.PROVIDER_COMMANDS + ".dlq")) {
            commands.sendRaw(FlyFakeResource.APP, "{\"not\": \"an envelope\", \"marker\": \"" + marker + "\"}");
            JsonNode dead = dlq.await(e -> marker.equals(e.path("marker").asText()), Duration.ofSeconds(60));
            assertEquals("an envelope", dead.path("not").asText());
        }
    }
}
