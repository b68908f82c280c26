package dev.agentfactory.provider;

import dev.agentfactory.platform.event.Json;
import dev.agentfactory.fakes.fly.FakeFlyMachinesApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A running attempt is leased: its runner renews the lease while the attempt runs; while another runner's lease is
 * live the sweep leaves the command alone; once it expires (the runner died), the command is taken over and
 * finished, with one machine.
 */
@QuarkusTest
class CommandLeaseTest {

    @InjectFlyFake
    FakeFlyMachinesApi fly;

    @AfterEach
    void clear() {
        fly.clearFaults();
        fly.slowBoot(FlyFakeResource.BOOT_MS);
    }

    @Test
    void anAttemptLongerThanItsLeaseKeepsItByRenewingIt() throws Exception {
        String commandId = "cmd-" + UUID.randomUUID();
        fly.slowBoot(10_000); // the attempt waits ~10 s for started; the lease is 5 s in tests
        try (Commands commands = new Commands(); Events events = new Events()) {
            commands.send(Commands.createMachine(commandId, "w-slow"));
            await().atMost(Duration.ofSeconds(20)).until(() -> Sql.history(commandId).contains("running"));
            Thread.sleep(7_000);
            // past the first lease, still running: another instance's sweep must still find the lease live
            assertEquals(List.of("running|true"), Sql.strings("SELECT status || '|' || (next_attempt_at > now() + interval '1 second')"
                    + " FROM provider.commands WHERE command_id = ?", commandId));
            assertEquals("provider.command.succeeded", events.outcome(commandId).path("type").asText());
        }
        assertEquals(List.of("requested", "running", "volume-created", "succeeded"), Sql.history(commandId));
        assertEquals(List.of("true"), Sql.strings("SELECT (next_attempt_at IS NULL)::text FROM provider.commands"
                + " WHERE command_id = ?", commandId), "a finished command holds no lease");
    }

    @Test
    void aCommandRunningUnderALiveLeaseIsLeftAloneAndTakenOverWhenTheLeaseExpires() throws Exception {
        String commandId = "cmd-" + UUID.randomUUID();
        String request = Json.write(Commands.createMachine(commandId, "w-leased"));
        Sql.execute("INSERT INTO provider.commands (command_id, action, app_name, worker_id, request, status, attempt,"
                + " next_attempt_at) VALUES (?, 'create-machine', ?, 'w-leased', ?::jsonb, 'running', 1,"
                + " now() + interval '1 hour')", commandId, FlyFakeResource.APP, request);

        // three sweeps (every 2 s in tests) pass by: the other runner's attempt is not doubled
        Thread.sleep(Duration.ofSeconds(7).toMillis());
        assertEquals(List.of("running"), Sql.strings("SELECT status FROM provider.commands WHERE command_id = ?", commandId));
        assertEquals(List.of("1"), Sql.strings("SELECT attempt::text FROM provider.commands WHERE command_id = ?", commandId));
        assertEquals(List.of(), Sql.history(commandId));

        Sql.execute("UPDATE provider.commands SET next_attempt_at = now() - interval '1 second' WHERE command_id = ?",
                commandId);
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.history(commandId).contains("succeeded"));
        assertEquals(List.of("running", "volume-created", "succeeded"), Sql.history(commandId));
        assertEquals(List.of("2"), Sql.strings("SELECT attempt::text FROM provider.commands WHERE command_id = ?", commandId));
        assertEquals(1, fly.machines(FlyFakeResource.APP).stream()
                .filter(m -> commandId.equals(m.metadata().get("commandId"))).count());
    }
}
