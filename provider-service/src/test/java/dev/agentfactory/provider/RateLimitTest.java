package dev.agentfactory.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.fakes.fly.FakeFlyMachinesApi;
import dev.agentfactory.fakes.fly.FlyRequestRecord;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.agentfactory.provider.FlyFakeResource.APP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class RateLimitTest {

    @InjectFlyFake
    FakeFlyMachinesApi fly;

    @AfterEach
    void clear() {
        fly.clearFaults();
    }

    @Test
    void stormOf429sStillCompletesEveryCommandWithinTheLimits() {
        fly.clearRequestLog();
        fly.rateLimitBurst(15);
        List<String> ids = new ArrayList<>();
        try (Commands commands = new Commands(); Events events = new Events()) {
            for (int i = 0; i < 8; i++) {
                String commandId = "storm-" + i + "-" + UUID.randomUUID();
                ids.add(commandId);
                commands.send(Commands.createMachine(commandId, "w-storm-" + i));
            }
            for (String commandId : ids) {
                JsonNode outcome = events.outcome(commandId);
                assertEquals("provider.command.succeeded", outcome.path("type").asText(), outcome.toString());
            }
        }
        List<FlyRequestRecord> log = fly.requestLog();
        assertEquals(15, log.stream().filter(r -> "injected_429".equals(r.rejection())).count());
        assertEquals(0, log.stream().filter(FlyRequestRecord::rateLimited).count(),
                "the provider's own pacing never met Fly's limiter");
        for (String commandId : ids) {
            assertEquals(1, fly.machines(APP).stream().filter(m -> commandId.equals(m.metadata().get("commandId"))).count());
        }
    }

    @Test
    void retryAfterIsHonoured() {
        fly.clearRequestLog();
        fly.rateLimitBurst(1, 2);
        String commandId = "retry-after-" + UUID.randomUUID();
        try (Commands commands = new Commands(); Events events = new Events()) {
            commands.send(Commands.createMachine(commandId, "w-retry-after"));
            assertEquals("provider.command.succeeded", events.outcome(commandId).path("type").asText());
        }
        List<FlyRequestRecord> log = fly.requestLog();
        FlyRequestRecord rejected = log.stream().filter(r -> "injected_429".equals(r.rejection())).findFirst().orElseThrow();
        FlyRequestRecord retried = log.stream().filter(r -> r.at().isAfter(rejected.at()) || r.at().equals(rejected.at()))
                .filter(r -> r != rejected && r.action().equals(rejected.action()) && r.scope().equals(rejected.scope()))
                .findFirst().orElseThrow();
        Duration gap = Duration.between(rejected.at(), retried.at());
        assertTrue(gap.toMillis() >= 1900, "retried after " + gap + ", Retry-After was 2s");
    }
}
