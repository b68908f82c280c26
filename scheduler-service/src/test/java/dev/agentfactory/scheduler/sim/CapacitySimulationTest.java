package dev.agentfactory.scheduler.sim;

import dev.agentfactory.scheduler.policy.ScalingPolicy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scheduler's benchmark: the same bursty trace through the conversation-aware policy (the production
 * decision function) and a per-message policy ({@code ceil(messages / target)}, like a queue-length
 * autoscaler). Run with {@code ./mvnw -B -q -pl scheduler-service test -Pbench}; the table lands in
 * {@code target/capacity-simulation.md}.
 */
@Tag("bench")
class CapacitySimulationTest {

    static final long BOOT_SECONDS = 45;

    static ScalingPolicy policy(long idleTimeoutSeconds) {
        return new ScalingPolicy(0, 40, 1, 5, idleTimeoutSeconds, 600L, 120L, 600L, 120L, 300L, null, null,
                new ScalingPolicy.MachineSpec("img", null, "shared", 1, 2048, 5, "/data"));
    }

    /** The policy's default idle timeout, 30 min. */
    static final long DEFAULT_IDLE_TIMEOUT = 1800;

    /** The pool of the runs with parking: the default for the simulated fleet and machine, kept a day. */
    static final int PARK_LIMIT = ScalingPolicy.defaultParkLimit(40, 2048);

    /** The goal's saving of machine-minutes against the per-message policy. */
    static final double GOAL_SAVING = 0.30;

    @Test
    void conversationAwareBeatsPerMessage() throws IOException {
        StringBuilder table = new StringBuilder("| trace | idle timeout | pool | policy | messages | p50 wait (s) "
                + "| p95 wait (s) | max wait (s) | p95 from arrival (s) | machine-minutes | parked-minutes | created "
                + "| resumed | peak live | over-spawned |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (long seed : List.of(1L, 2L, 3L)) {
            List<Trace.Message> trace = Trace.bursty(seed, 6 * 3600);
            for (long idle : List.of(DEFAULT_IDLE_TIMEOUT, 300L)) {
                FleetSimulation.Result plainAutoscaler = null; // per-message, no pool: what a queue-length autoscaler does
                for (int parkLimit : List.of(0, PARK_LIMIT)) {
                    ScalingPolicy policy = policy(idle).withParking(parkLimit, 86400);
                    FleetSimulation.Result ours = new FleetSimulation(policy, FleetSimulation.Policy.CONVERSATIONS,
                            BOOT_SECONDS).run(trace);
                    FleetSimulation.Result perMessage = new FleetSimulation(policy, FleetSimulation.Policy.MESSAGES,
                            BOOT_SECONDS).run(trace);
                    for (FleetSimulation.Result r : List.of(ours, perMessage)) {
                        table.append(String.format(Locale.ROOT, "| seed %d | %d min | %s | %s | %d | %.0f | %.0f | %d "
                                        + "| %.0f | %.0f | %.0f | %d | %d | %d | %d |%n",
                                seed, idle / 60, parkLimit == 0 ? "none" : "default (≤ " + parkLimit + ")",
                                r.policy() == FleetSimulation.Policy.CONVERSATIONS ? "conversation-aware" : "per-message",
                                r.messages(), r.p50WaitSeconds(), r.p95WaitSeconds(), r.maxWaitSeconds(),
                                r.p95FromArrivalSeconds(), r.machineMinutes(), r.parkedMinutes(), r.spawned(),
                                r.resumed(), r.peakLive(), r.overSpawned()));
                    }
                    double saving = 1 - ours.machineMinutes() / perMessage.machineMinutes();
                    table.append(String.format(Locale.ROOT, "| | | | **saving** | | | | | | **%.0f%%** | | | | | |%n",
                            saving * 100));
                    assertEquals(0, ours.overSpawned(), "the conversation-aware policy never over-spawns");
                    assertTrue(saving >= GOAL_SAVING, "machine-minutes saving " + saving);
                    if (parkLimit > 0) {
                        // with a pool, bursts are served by resumed machines instead of fresh boots
                        assertTrue(ours.p95WaitSeconds() <= FleetSimulation.RESUME_SECONDS,
                                "p95 wait-for-worker " + ours.p95WaitSeconds());
                        if (idle == DEFAULT_IDLE_TIMEOUT) {
                            // the defaults: no worse a wait than per-message with or without the same pool
                            for (FleetSimulation.Result theirs : List.of(perMessage, plainAutoscaler)) {
                                assertTrue(ours.p95WaitSeconds() <= theirs.p95WaitSeconds(), "p95 wait-for-worker "
                                        + ours.p95WaitSeconds() + " s against " + theirs.p95WaitSeconds() + " s");
                            }
                            double savingOnPlain = 1 - ours.machineMinutes() / plainAutoscaler.machineMinutes();
                            assertTrue(savingOnPlain >= GOAL_SAVING, "machine-minutes saving against the plain "
                                    + "per-message autoscaler " + savingOnPlain);
                        }
                    } else {
                        plainAutoscaler = perMessage;
                    }
                }
            }
        }
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/capacity-simulation.md"), table.toString());
    }
}
