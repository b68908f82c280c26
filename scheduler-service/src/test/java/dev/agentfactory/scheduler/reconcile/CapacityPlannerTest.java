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
    static final ScalingPolicy POLICY = new ScalingPolicy(0, 10, 1, 3, 1800L, 600L, 120L, 600L, 120L, 300L, null, null,
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
            int max = min + random.nextInt(12);
            ScalingPolicy policy = POLICY.withBounds(min, max, 1 + random.nextInt(3), 1 + random.nextInt(4))
                    .withParking(random.nextInt(max + 1), 3600);
            Demand demand = new Demand(random.nextInt(15), random.nextInt(6), random.nextInt(40), 1);
            List<WorkerState> fleet = new ArrayList<>();
            int n = random.nextInt(12);
            for (int i = 0; i < n; i++) {
                fleet.add(switch (random.nextInt(6)) {
                    case 0 -> starting("s" + i);
                    case 1 -> busy("b" + i);
                    case 2 -> idleSince("i" + i, NOW.minus(Duration.ofMinutes(random.nextInt(60))));
                    case 3 -> parked("p" + i, NOW.minus(Duration.ofMinutes(random.nextInt(90))));
                    case 4 -> parking("k" + i, random.nextBoolean(), random.nextInt(4), NOW.minusSeconds(random.nextInt(400)));
                    default -> draining("d" + i, random.nextBoolean());
                });
            }
            Plan plan = CapacityPlanner.decide(policy, demand, fleet, NOW);
            long live = fleet.size();
            long leavingActive = plan.actions().stream()
                    .filter(a -> a instanceof Action.Drain || a instanceof Action.Park).count();
            long capacityAfter = fleet.stream().filter(w -> w.status() == WorkerStatus.ACTIVE).count()
                    - leavingActive + plan.resumed() + plan.spawned();
            if (plan.spawned() > 0) {
                assertTrue(live + plan.spawned() <= policy.maxWorkers(), "above max: " + plan);
            }
            if (plan.spawned() + plan.resumed() > 0) {
                assertTrue(capacityAfter <= Math.max(policy.minWorkers(), demand.conversationsWithWork()),
                        "over-spawn: " + plan);
            }
            long pooledAfter = fleet.stream().filter(w -> w.status().parked()).count() - plan.resumed()
                    + plan.actions().stream().filter(a -> a instanceof Action.Park).count()
                    - plan.actions().stream().filter(a -> a instanceof Action.BeginStopping stop
                            && fleet.stream().anyMatch(w -> w.workerId().equals(stop.workerId()) && w.status().parked())).count();
            assertTrue(pooledAfter <= Math.max(policy.parkLimit(), fleet.stream().filter(w -> w.status().parked()).count()),
                    "the pool never grows beyond parkLimit: " + plan);
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
                false, 0, null, false, 0, null, Parking.NEVER);
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
                NOW.minusSeconds(7000), NOW.minusSeconds(700), null, true, null, null, false, 0, null, false, 0, null, Parking.NEVER);
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

    @Test
    void idleWorkersAboveDesiredAreParkedWhileThePoolHasRoomTheRestStop() {
        List<WorkerState> fleet = List.of(idleSince("older", NOW.minus(Duration.ofMinutes(90))),
                idleSince("old", NOW.minus(Duration.ofMinutes(50))));
        Plan plan = CapacityPlanner.decide(POLICY.withParking(1, 3600), Demand.NONE, fleet, NOW);
        assertEquals(List.of(new Action.Park("older", "idle-timeout"), new Action.Drain("old", "idle-timeout"),
                new Action.BeginStopping("old", "drained"), new Action.SendStop("old", 1),
                new Action.SendSuspend("older", 1, 1)), plan.actions());
        List<WorkerState> after = Simulated.apply(plan, fleet, NOW);
        assertEquals(List.of(), CapacityPlanner.decide(POLICY.withParking(1, 3600), Demand.NONE, after, NOW).actions(),
                "deciding again changes nothing");
        assertEquals(List.of(new Action.Drain("older", "idle-timeout"), new Action.Drain("old", "idle-timeout")),
                decide(Demand.NONE, fleet).actions().subList(0, 2), "without a pool both are stopped");
    }

    @Test
    void growthResumesParkedMachinesBeforeCreatingNewOnes() {
        ScalingPolicy policy = POLICY.withParking(5, 3600);
        List<WorkerState> fleet = List.of(parked("long-ago", NOW.minus(Duration.ofMinutes(40))),
                parked("recent", NOW.minus(Duration.ofMinutes(5))), parking("warm", false, 1, NOW.minusSeconds(2)));
        Plan plan = CapacityPlanner.decide(policy, new Demand(4, 0, 4, 1), fleet, NOW);
        assertEquals(List.of(new Action.Resume("warm"), new Action.SendResume("warm", 1, 1),
                new Action.Resume("recent"), new Action.SendResume("recent", 1, 1),
                new Action.Resume("long-ago"), new Action.SendResume("long-ago", 1, 1)), plan.actions(),
                "a machine still being suspended first, then the most recently parked; the spawn step (3) is used up");
        List<WorkerState> after = Simulated.apply(plan, fleet, NOW);
        Plan next = CapacityPlanner.decide(policy, new Demand(4, 0, 4, 1), after, NOW);
        assertEquals(List.of(new Action.Spawn(1)), next.actions(), "three resuming count as starting: one more is created");
        assertEquals(3, next.starting());
    }

    @Test
    void aResumedWorkerStartsUntilConfirmedAndIsNotParkedAgainAtOnce() {
        ScalingPolicy policy = POLICY.withParking(5, 3600);
        WorkerState idleLongAgo = idleSince("w", NOW.minus(Duration.ofHours(3)));
        WorkerState unconfirmed = Simulated.with(idleLongAgo, new Parking(2, 1, NOW.minusSeconds(900), true,
                NOW.minusSeconds(121), 1, NOW.minusSeconds(121), false));
        assertTrue(unconfirmed.starting());
        assertEquals(List.of(new Action.SendResume("w", 2, 2)),
                CapacityPlanner.decide(policy, Demand.NONE, List.of(unconfirmed), NOW).actions(), "the start is sent again");
        WorkerState resumed = Simulated.with(idleLongAgo, new Parking(2, 1, NOW.minusSeconds(900), true,
                NOW.minusSeconds(60), 1, NOW.minusSeconds(60), true));
        assertTrue(!resumed.starting());
        assertEquals(List.of(), CapacityPlanner.decide(policy, Demand.NONE, List.of(resumed), NOW).actions(),
                "idle counts from the resume, not from before the park");
        WorkerState neverBack = Simulated.with(idleLongAgo, new Parking(2, 1, NOW.minusSeconds(1900), true,
                NOW.minusSeconds(601), 3, NOW.minusSeconds(10), false));
        assertEquals(new Action.Drain("w", "boot-overdue"),
                CapacityPlanner.decide(policy, Demand.NONE, List.of(neverBack), NOW).actions().get(0));
        WorkerState staleBeforeThePark = Simulated.with(new WorkerState("w", WorkerStatus.ACTIVE, NOW.minusSeconds(7200),
                NOW.minusSeconds(60), NOW.minusSeconds(7100), NOW.minusSeconds(5000), NOW.minusSeconds(4000), false,
                NOW.minusSeconds(4900), NOW.minusSeconds(4950), false, 0, null, false, 0, null, Parking.NEVER),
                resumed.parking());
        assertEquals(List.of(), CapacityPlanner.decide(policy, new Demand(1, 0, 1, 1), List.of(staleBeforeThePark), NOW)
                .actions(), "a stale report from before the resume does not drain the resumed worker");
    }

    @Test
    void parkingSuspendsOnceNoLeaseIsHeldRetriesAndGivesUp() {
        ScalingPolicy policy = POLICY.withParking(5, 3600);
        assertEquals(List.of(), CapacityPlanner.decide(policy, Demand.NONE,
                List.of(parking("k", true, 0, null)), NOW).actions(), "a claim raced the park: wait for the lease");
        assertEquals(List.of(new Action.SendSuspend("k", 1, 1)), CapacityPlanner.decide(policy, Demand.NONE,
                List.of(parking("k", false, 0, null)), NOW).actions());
        assertEquals(List.of(new Action.SendSuspend("k", 1, 2)), CapacityPlanner.decide(policy, Demand.NONE,
                List.of(parking("k", false, 1, NOW.minusSeconds(121))), NOW).actions());
        assertEquals(List.of(new Action.BeginStopping("k", "suspend-unconfirmed"), new Action.SendStop("k", 1)),
                CapacityPlanner.decide(policy, Demand.NONE, List.of(parking("k", false, 3, NOW.minusSeconds(121))), NOW).actions());
    }

    @Test
    void parkedMachinesPastTheirTtlOrAboveTheLimitAreRetired() {
        List<WorkerState> fleet = List.of(parked("stale", NOW.minus(Duration.ofMinutes(61))),
                parked("a", NOW.minus(Duration.ofMinutes(30))), parked("b", NOW.minus(Duration.ofMinutes(20))),
                parked("c", NOW.minus(Duration.ofMinutes(10))));
        Plan plan = CapacityPlanner.decide(POLICY.withParking(2, 3600), Demand.NONE, fleet, NOW);
        assertEquals(List.of(new Action.BeginStopping("stale", "parked-expired"), new Action.SendStop("stale", 1),
                new Action.BeginStopping("a", "park-limit"), new Action.SendStop("a", 1)), plan.actions());
    }

    static Plan decide(Demand demand, List<WorkerState> fleet) {
        return CapacityPlanner.decide(POLICY, demand, fleet, NOW);
    }

    static WorkerState starting(String id) {
        return WorkerState.spawned(id, NOW.minusSeconds(30));
    }

    static WorkerState busy(String id) {
        return new WorkerState(id, WorkerStatus.ACTIVE, NOW.minusSeconds(3600), NOW.minusSeconds(3600),
                NOW.minusSeconds(3500), NOW.minusSeconds(10), null, true, null, null, false, 0, null, false, 0, null, Parking.NEVER);
    }

    static WorkerState idleSince(String id, Instant since) {
        return new WorkerState(id, WorkerStatus.ACTIVE, NOW.minusSeconds(7200), NOW.minusSeconds(7200),
                NOW.minusSeconds(7100), since.minusSeconds(60), since, false, null, null, false, 0, null, false, 0, null, Parking.NEVER);
    }

    static WorkerState draining(String id, boolean busy) {
        return new WorkerState(id, WorkerStatus.DRAINING, NOW.minusSeconds(7200), NOW.minusSeconds(30),
                NOW.minusSeconds(7100), NOW.minusSeconds(60), null, busy, null, null, false, 0, null, false, 0, null, Parking.NEVER);
    }

    static WorkerState stopping(String id, int stopRound, Instant stopSent, boolean confirmed, int destroyRound,
                                Instant destroySent) {
        return new WorkerState(id, WorkerStatus.STOPPING, NOW.minusSeconds(7200), NOW.minusSeconds(600),
                NOW.minusSeconds(7100), NOW.minusSeconds(700), NOW.minusSeconds(650), false, null, null, false,
                stopRound, stopSent, confirmed, destroyRound, destroySent, Parking.NEVER);
    }

    static WorkerState parked(String id, Instant since) {
        return Simulated.with(Simulated.with(idleSince(id, since.minus(Duration.ofMinutes(30))), WorkerStatus.PARKED, since),
                new Parking(1, 1, since.minusSeconds(5), true, null, 0, null, false));
    }

    static WorkerState parking(String id, boolean busy, int suspendRound, Instant suspendSentAt) {
        WorkerState w = busy ? busy(id) : idleSince(id, NOW.minus(Duration.ofMinutes(40)));
        return Simulated.with(Simulated.with(w, WorkerStatus.PARKING, NOW.minusSeconds(5)),
                new Parking(1, suspendRound, suspendSentAt, false, null, 0, null, false));
    }
}
