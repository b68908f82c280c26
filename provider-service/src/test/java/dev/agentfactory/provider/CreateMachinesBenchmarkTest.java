package dev.agentfactory.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.fakes.fly.FakeFlyMachinesApi;
import dev.agentfactory.fakes.fly.FlyRequestRecord;
import dev.agentfactory.fakes.fly.MachineView;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.agentfactory.provider.FlyFakeResource.APP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 100 create-machine commands (volume + machine + wait for started) against the Fly fake with latency on every
 * call and a realistic boot delay. Run with {@code ./mvnw -B -q -pl provider-service verify -Pbench}.
 */
@QuarkusTest
@Tag("bench")
class CreateMachinesBenchmarkTest {

    static final int COMMANDS = Integer.getInteger("bench.commands", 100);
    static final long LATENCY_MS = Long.getLong("bench.latencyMs", 80);
    static final long BOOT_MS = Long.getLong("bench.bootMs", 1500);

    @InjectFlyFake
    FakeFlyMachinesApi fly;

    @Test
    void hundredCreatesWithinTenPercentOfTheRateLimitMinimum() throws Exception {
        fly.latency(LATENCY_MS);
        fly.slowBoot(BOOT_MS);
        fly.clearRequestLog();
        List<String> ids = new ArrayList<>();
        Map<String, Instant> sentAt = new HashMap<>();
        List<Long> latencies = new ArrayList<>();
        Instant start;
        Instant end;
        try (Commands commands = new Commands(); Events events = new Events()) {
            start = Instant.now();
            for (int i = 0; i < COMMANDS; i++) {
                String commandId = "bench-" + i + "-" + UUID.randomUUID();
                ids.add(commandId);
                sentAt.put(commandId, Instant.now());
                commands.send(Commands.createMachine(commandId, "w-bench-" + i));
            }
            end = start;
            for (String commandId : ids) {
                JsonNode outcome = events.await(e -> commandId.equals(e.path("data").path("commandId").asText())
                        && e.path("type").asText().startsWith("provider.command.")
                        && !e.path("type").asText().equals("provider.command.retrying"), Duration.ofMinutes(5));
                assertEquals("provider.command.succeeded", outcome.path("type").asText(), outcome.toString());
                Instant at = Instant.parse(outcome.path("data").path("at").asText());
                end = at.isAfter(end) ? at : end;
                latencies.add(Duration.between(sentAt.get(commandId), at).toMillis());
            }
        } finally {
            fly.latency(0);
        }
        List<MachineView> machines = fly.machines(APP);
        Map<String, Long> perCommand = machines.stream().filter(m -> m.metadata().containsKey("commandId"))
                .filter(m -> ids.contains(m.metadata().get("commandId")))
                .collect(Collectors.groupingBy(m -> m.metadata().get("commandId"), Collectors.counting()));
        long duplicates = perCommand.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
        List<FlyRequestRecord> log = fly.requestLog();
        long rejected = log.stream().filter(FlyRequestRecord::rateLimited).count();
        long overLimit = replayOverLimit(log);
        double seconds = Duration.between(start, end).toMillis() / 1000.0;
        double minimum = COMMANDS - 3; // machines.create (and volumes.create): 1/s per app after a burst of 3
        latencies.sort(Long::compare);
        String table = String.join("\n",
                "| commands | machines | duplicates | 429 from Fly's limiter | requests over the limits (replayed) | API calls | elapsed | minimum the limits allow | ratio | p50 / p95 command latency |",
                "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
                String.format("| %d | %d | %d | %d | %d | %d | %.1f s | %.1f s | %.3f | %.1f s / %.1f s |", COMMANDS,
                        perCommand.size(), duplicates, rejected, overLimit, log.size(), seconds, minimum, seconds / minimum,
                        latencies.get(latencies.size() / 2) / 1000.0, latencies.get((int) (latencies.size() * 0.95)) / 1000.0),
                "", String.format("Fake: %d ms latency on every call, %d ms boot; calls by action: %s", LATENCY_MS, BOOT_MS,
                        log.stream().collect(Collectors.groupingBy(FlyRequestRecord::action, java.util.TreeMap::new, Collectors.counting()))));
        System.out.println("\n" + table + "\n");
        Files.writeString(Path.of("target", "bench-results.md"), table + "\n");

        assertEquals(COMMANDS, perCommand.size());
        assertEquals(0, duplicates);
        assertEquals(0, rejected);
        assertEquals(0, overLimit);
        assertTrue(seconds <= minimum * 1.10, "took " + seconds + " s, more than 10% over " + minimum + " s");
    }

    /** Replays the accepted requests through Fly's buckets (1/s burst 3; get 5/s burst 10) and counts overdrafts. */
    private static long replayOverLimit(List<FlyRequestRecord> log) {
        Map<String, double[]> buckets = new HashMap<>(); // tokens, last millis
        long over = 0;
        for (FlyRequestRecord r : log) {
            if (r.rejection() != null || r.action() == null) {
                continue;
            }
            boolean get = r.action().equals("machine.get");
            double rate = get ? 5 : 1;
            double burst = get ? 10 : 3;
            long now = r.at().toEpochMilli();
            double[] b = buckets.computeIfAbsent(r.action() + "|" + r.scope(), k -> new double[] {burst, now});
            b[0] = Math.min(burst, b[0] + (now - b[1]) * rate / 1000.0);
            b[1] = now;
            if (b[0] < 1 - 1e-6) {
                over++;
            } else {
                b[0] -= 1;
            }
        }
        return over;
    }
}
