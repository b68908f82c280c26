package dev.agentfactory.scheduler.reconcile;

import dev.agentfactory.scheduler.fleet.WorkerStatus;
import dev.agentfactory.scheduler.policy.ScalingPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapacityPlannerTest {

    static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
    static final ScalingPolicy POLICY = new ScalingPolicy(0, 10, 1, 3, 1800L, 600L, 120L, 600L, 120L, 300L,
            new ScalingPolicy.MachineSpec("img", null, "shared", 1, 2048, 5, "/data"));

    @Test
    void desiredCountsConversationsNotMessages() {
        assertEquals(1, CapacityPlanner.desired(POLICY, new Demand(1, 0, 10, 1)));
        assertEquals(5, CapacityPlanner.desired(POLICY, new Demand(3, 2, 40, 1)));
        assertEquals(3, CapacityPlanner.desired(POLICY.withBounds(0, 10, 2, 3), new Demand(3, 2, 5, 1)));
        assertEquals(2, CapacityPlanner.desired(POLICY.withBounds(2, 10, 1, 3), Demand.NONE));
        assertEquals(10, CapacityPlanner.desired(POLICY, new Demand(50, 0, 50, 1)));
    }

    @Test
    void growthIsLimitedBySpawnStepAndCountsStartingWorkers() {
        Plan first = decide(new Demand(8, 0, 8, 1), List.of());
        assertEquals(3, first.spawned());
        Plan withStarting = decide(new Demand(4, 0, 4, 1), List.of(starting("a"), starting("b"), starting("c")));
        assertEquals(1, withStarting.spawned());
        Plan covered = decide(new Demand(3, 0, 30, 1), List.of(starting("a"), starting("b"), starting("c")));
        assertEquals(0, covered.spawned());
    }

    @Test
    void neverMoreLiveWorkersThanMax() {
        List<WorkerState> fleet = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            fleet.add(busy("w" + i));
        }
        fleet.add(draining("d1", true));
        Plan plan = decide(new Demand(30, 8, 30, 1), fleet);
        assertEquals(1, plan.spawned(), "9 live of max 10 leaves room for one");
        assertTrue(plan.reason().contains("maxWorkers"), plan.reason());
    }

    @Test
    void noOverSpawnAndNeverAboveMaxOnRandomInputs() {
        Random random = new Random(7);
        for (int round = 0; round < 5000; round++) {
            int min = random.nextInt(3);
            ScalingPolicy policy = POLICY.withBounds(min, min + random.nextInt(12), 1 + random.nextInt(3), 1 + random.nextInt(4));
            Demand demand = new Demand(random.nextInt(15), random.nextInt(6), random.nextInt(40), 1);
            List<WorkerState> fleet = new ArrayList<>();
            int n = random.nextInt(12);
            for (int i = 0; i < n; i++) {
                fleet.add(switch (random.nextInt(4)) {
                    case 0 -> starting("s" + i);
                    case 1 -> busy("b" + i);
                    case 2 -> idleSince("i" + i, NOW.minus(Duration.ofMinutes(random.nextInt(60))));
                    default -> draining("d" + i, random.nextBoolean());
                });
            }
            Plan plan = CapacityPlanner.decide(policy, demand, fleet, NOW);
            long live = fleet.size();
            long capacityAfter = fleet.stream().filter(w -> w.status() == WorkerStatus.ACTIVE).count()
                    - plan.actions().stream().filter(a -> a instanceof Action.Drain).count() + plan.spawned();
            if (plan.spawned() > 0) {
                assertTrue(live + plan.spawned() <= policy.maxWorkers(), "above max: " + plan);
                assertTrue(capacityAfter <= Math.max(policy.minWorkers(), demand.conversationsWithWork()),
                        "over-spawn: " + plan);
            }
        }
    }

    @Test
    void idleWorkersAreDrainedOnlyAboveDesiredAndLongestIdleFirst() {
        List<WorkerState> fleet = List.of(idleSince("old", NOW.minus(Duration.ofMinutes(50))),
                idleSince("older", NOW.minus(Duration.ofMinutes(90))), idleSince("fresh", NOW.minus(Duration.ofMinutes(5))));
        Plan plan = decide(new Demand(1, 0, 1, 1), fleet);
        assertEquals(6, plan.actions().size(), plan.toString());
        assertEquals(new Action.Drain("older", "idle-timeout"), plan.actions().get(0), "longest idle first");
        assertEquals(new Action.Drain("old", "idle-timeout"), plan.actions().get(1));
        assertTrue(plan.actions().containsAll(List.of(new Action.BeginStopping("older", "drained"),
                new Action.SendStop("older", 1), new Action.BeginStopping("old", "drained"), new Action.SendStop("old", 1))));
        Plan atDesired = decide(new Demand(3, 0, 3, 1), fleet);
        assertEquals(List.of(), atDesired.actions());
    }

    @Test
    void staleHeartbeatsAndOverdueBootsAreDrainedWhateverTheDemand() {
        WorkerState stale = new WorkerState("stale", WorkerStatus.ACTIVE, NOW.minusSeconds(3600), NOW.minusSeconds(3600),
                NOW.minusSeconds(3000), NOW.minusSeconds(600), null, true, NOW.minusSeconds(60), NOW.minusSeconds(300),
                false, 0, null, false, 0, null);
        WorkerState overdue = WorkerState.spawned("late", NOW.minus(Duration.ofMinutes(11)));
        Plan plan = decide(new Demand(9, 0, 9, 1), List.of(stale, overdue));
        assertTrue(plan.actions().contains(new Action.Drain("stale", "heartbeat-stale")), plan.toString());
        assertTrue(plan.actions().contains(new Action.Drain("late", "boot-overdue")), plan.toString());
        assertTrue(plan.actions().contains(new Action.BeginStopping("late", "drained")), "no lease, stops at once");
        assertTrue(!plan.actions().contains(new Action.BeginStopping("stale", "drained")), "holds a lease, waits");
        assertEquals(3, plan.spawned(), "replacements are spawned for the leaving workers");
    }

    @Test
    void drainingWaitsForTheLeaseUntilTheDrainTimeout() {
        assertEquals(List.of(), decide(Demand.NONE, List.of(draining("d", true))).actions());
        WorkerState overdue = new WorkerState("d", WorkerStatus.DRAINING, NOW.minusSeconds(7200), NOW.minusSeconds(601),
                NOW.minusSeconds(7000), NOW.minusSeconds(700), null, true, null, null, false, 0, null, false, 0, null);
        assertEquals(List.of(new Action.BeginStopping("d", "drain-timeout"), new Action.SendStop("d", 1)),
                decide(Demand.NONE, List.of(overdue)).actions());
    }

    @Test
    void stoppingRetriesStopThenDestroysUntilConfirmed() {
        assertEquals(List.of(), decide(Demand.NONE, List.of(stopping("s", 1, NOW.minusSeconds(30), false, 0, null))).actions());
        assertEquals(List.of(new Action.SendStop("s", 2)),
                decide(Demand.NONE, List.of(stopping("s", 1, NOW.minusSeconds(121), false, 0, null))).actions());
        assertEquals(List.of(new Action.SendDestroy("s", 1)),
                decide(Demand.NONE, List.of(stopping("s", 1, NOW.minusSeconds(5), true, 0, null))).actions());
        assertEquals(List.of(new Action.SendDestroy("s", 1)),
                decide(Demand.NONE, List.of(stopping("s", 3, NOW.minusSeconds(200), false, 0, null))).actions(),
                "after three unconfirmed stops the destroy goes out anyway");
        assertEquals(List.of(new Action.SendDestroy("s", 3)),
                decide(Demand.NONE, List.of(stopping("s", 1, NOW.minusSeconds(500), true, 2, NOW.minusSeconds(121)))).actions());
    }

    @Test
    void decidingAgainAfterApplyingThePlanDoesNothing() {
        List<WorkerState> fleet = List.of(idleSince("idle", NOW.minus(Duration.ofHours(2))), busy("busy"));
        Plan first = decide(new Demand(2, 1, 3, 1), fleet);
        List<WorkerState> after = Simulated.apply(first, fleet, NOW);
        Plan second = decide(new Demand(2, 1, 3, 1), after);
        assertTrue(first.spawned() > 0);
        assertEquals(List.of(), second.actions(), second.reason());
    }

    static Plan decide(Demand demand, List<WorkerState> fleet) {
        return CapacityPlanner.decide(POLICY, demand, fleet, NOW);
    }

    static WorkerState starting(String id) {
        return WorkerState.spawned(id, NOW.minusSeconds(30));
    }

    static WorkerState busy(String id) {
        return new WorkerState(id, WorkerStatus.ACTIVE, NOW.minusSeconds(3600), NOW.minusSeconds(3600),
                NOW.minusSeconds(3500), NOW.minusSeconds(10), null, true, null, null, false, 0, null, false, 0, null);
    }

    static WorkerState idleSince(String id, Instant since) {
        return new WorkerState(id, WorkerStatus.ACTIVE, NOW.minusSeconds(7200), NOW.minusSeconds(7200),
                NOW.minusSeconds(7100), since.minusSeconds(60), since, false, null, null, false, 0, null, false, 0, null);
    }

    static WorkerState draining(String id, boolean busy) {
        return new WorkerState(id, WorkerStatus.DRAINING, NOW.minusSeconds(7200), NOW.minusSeconds(30),
                NOW.minusSeconds(7100), NOW.minusSeconds(60), null, busy, null, null, false, 0, null, false, 0, null);
    }

    static WorkerState stopping(String id, int stopRound, Instant stopSent, boolean confirmed, int destroyRound,
                                Instant destroySent) {
        return new WorkerState(id, WorkerStatus.STOPPING, NOW.minusSeconds(7200), NOW.minusSeconds(600),
                NOW.minusSeconds(7100), NOW.minusSeconds(700), NOW.minusSeconds(650), false, null, null, false,
                stopRound, stopSent, confirmed, destroyRound, destroySent);
    }
}
