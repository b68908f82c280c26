package dev.agentfactory.scheduler.reconcile;

import dev.agentfactory.scheduler.fleet.WorkerStatus;
import dev.agentfactory.scheduler.policy.ScalingPolicy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The capacity decision: a pure function of (policy, demand, fleet, now) → actions and the reason.
 * <p>
 * {@code desired = clamp(min, max, ceil(conversationsWithWork / conversationsPerWorker))}. Growth counts the
 * workers already starting and is limited by the spawn step and by {@code maxWorkers} over every live (not
 * stopped) worker; it resumes parked machines before it creates new ones. Shrinking happens only through idle
 * drain, which parks workers while the pool ({@code parkLimit}) has room and stops the rest. Applying a plan and
 * deciding again at the same instant yields no further action, which is what makes reconcile idempotent.
 */
public final class CapacityPlanner {

    /** Stop rounds after which the destroy is sent even without a confirmed stop (the machine may be gone). */
    static final int STOP_ROUNDS_BEFORE_DESTROY = 3;

    private CapacityPlanner() {
    }

    public static int desired(ScalingPolicy policy, Demand demand) {
        int perWorker = Math.max(1, policy.conversationsPerWorker());
        int needed = (demand.conversationsWithWork() + perWorker - 1) / perWorker;
        return Math.max(policy.minWorkers(), Math.min(policy.maxWorkers(), needed));
    }

    public static Plan decide(ScalingPolicy policy, Demand demand, List<WorkerState> fleet, Instant now) {
        int desired = desired(policy, demand);
        List<Action> actions = new ArrayList<>();
        List<String> why = new ArrayList<>();
        Set<String> leaving = new HashSet<>();

        List<WorkerState> active = fleet.stream().filter(w -> w.status() == WorkerStatus.ACTIVE).toList();
        int starting = (int) active.stream().filter(WorkerState::starting).count();
        int ready = active.size() - starting;
        int draining = (int) fleet.stream().filter(w -> w.status() == WorkerStatus.DRAINING).count();
        int stopping = (int) fleet.stream().filter(w -> w.status() == WorkerStatus.STOPPING).count();
        int live = (int) fleet.stream().filter(w -> w.status() != WorkerStatus.STOPPED).count();
        List<WorkerState> pool = fleet.stream().filter(w -> w.status().parked()).toList();

        // 1. unhealthy workers leave whatever the demand
        for (WorkerState w : active) {
            String reason = unhealthy(policy, w, now);
            if (reason != null) {
                actions.add(new Action.Drain(w.workerId(), reason));
                leaving.add(w.workerId());
                why.add(w.workerId() + " " + reason);
            }
        }
        int capacity = active.size() - leaving.size();

        // 2. idle drain: only above desired, longest idle first; parked while the pool has room, else stopped
        List<WorkerState> parkedNow = new ArrayList<>();
        int surplus = capacity - desired;
        if (surplus > 0) {
            List<WorkerState> idle = active.stream()
                    .filter(w -> !leaving.contains(w.workerId()) && !w.starting() && !w.busy())
                    .filter(w -> !w.idleReference().plus(policy.idleTimeout()).isAfter(now))
                    .sorted(Comparator.comparing(WorkerState::idleReference).thenComparing(WorkerState::workerId))
                    .limit(surplus).toList();
            int room = policy.parkLimit() - pool.size();
            for (WorkerState w : idle) {
                if (parkedNow.size() < room) {
                    actions.add(new Action.Park(w.workerId(), "idle-timeout"));
                    parkedNow.add(w);
                } else {
                    actions.add(new Action.Drain(w.workerId(), "idle-timeout"));
                }
                leaving.add(w.workerId());
            }
            capacity -= idle.size();
            if (!idle.isEmpty()) {
                why.add((parkedNow.isEmpty() ? "drained " + idle.size() : "parked " + parkedNow.size()
                        + (idle.size() > parkedNow.size() ? ", drained " + (idle.size() - parkedNow.size()) : ""))
                        + " idle past " + policy.idleTimeoutSeconds() + "s");
            }
        }

        // 3. growth, counting workers already starting
        Set<String> resumedNow = desired > capacity ? grow(policy, desired - capacity, pool, live, actions, why) : Set.of();

        // 4. draining → stopping once no lease is held or the drain timed out (also those drained just now)
        for (WorkerState w : fleet) {
            boolean drainingNow = w.status() == WorkerStatus.DRAINING
                    || leaving.contains(w.workerId()) && !parkedNow.contains(w);
            if (!drainingNow) {
                continue;
            }
            Instant since = w.status() == WorkerStatus.DRAINING ? w.statusChangedAt() : now;
            String reason = !w.busy() ? "drained" : !since.plus(policy.drainTimeout()).isAfter(now) ? "drain-timeout" : null;
            if (reason != null) {
                actions.add(new Action.BeginStopping(w.workerId(), reason));
                actions.add(new Action.SendStop(w.workerId(), 1));
            }
        }

        // 5. the pool: suspend parking machines (retried in rounds), retire expired or surplus parked ones
        for (WorkerState w : parkedNow) {
            actions.add(new Action.SendSuspend(w.workerId(), w.parking().cycle() + 1, 1));
        }
        actions.addAll(tendPool(policy, pool, resumedNow, now, why));

        // 6. stopping: stop, then destroy; each retried in a new round until the provider confirms
        for (WorkerState w : fleet) {
            if (w.status() == WorkerStatus.STOPPING) {
                Action retry = teardown(policy, w, now);
                if (retry != null) {
                    actions.add(retry);
                }
            }
        }

        // 7. resumed machines the provider has not confirmed yet: the start is sent again
        for (WorkerState w : active) {
            if (!leaving.contains(w.workerId()) && w.parking().resuming() && due(w.parking().resumeSentAt(), policy, now)) {
                actions.add(new Action.SendResume(w.workerId(), w.parking().cycle(), w.parking().resumeRound() + 1));
            }
        }

        String reason = String.format("demand %d conversations (%d ready, %d busy; %d ready messages) / %d per worker"
                        + " -> desired %d [min %d, max %d]; capacity %d (%d starting, %d ready)%s%s",
                demand.conversationsWithWork(), demand.readyConversations(), demand.busyConversations(),
                demand.readyMessages(), policy.conversationsPerWorker(), desired, policy.minWorkers(),
                policy.maxWorkers(), active.size(), starting, ready,
                pool.isEmpty() ? "" : "; " + pool.size() + " parked",
                why.isEmpty() ? "; steady" : "; " + String.join("; ", why));
        return new Plan(desired, starting, ready, draining, stopping, pool.size(), List.copyOf(actions), reason);
    }

    /** Resume parked machines first (a machine still being suspended, then the most recently parked). */
    private static final Comparator<WorkerState> RESUME_ORDER = Comparator
            .comparing((WorkerState w) -> w.status() == WorkerStatus.PARKED)
            .thenComparing(WorkerState::statusChangedAt, Comparator.reverseOrder())
            .thenComparing(WorkerState::workerId);

    /**
     * Up to the spawn step of the {@code missing} workers: parked machines are resumed first (about a second), the
     * rest created (a full boot) within {@code maxWorkers} live machines (parked ones count: they exist).
     *
     * @return the workers resumed
     */
    private static Set<String> grow(ScalingPolicy policy, int missing, List<WorkerState> pool, int live,
                                    List<Action> actions, List<String> why) {
        Set<String> resumed = new HashSet<>();
        pool.stream().sorted(RESUME_ORDER).limit(Math.min(policy.spawnStep(), missing)).forEach(w -> {
            actions.add(new Action.Resume(w.workerId()));
            actions.add(new Action.SendResume(w.workerId(), w.parking().cycle(), w.parking().resumeRound() + 1));
            resumed.add(w.workerId());
        });
        if (!resumed.isEmpty()) {
            why.add("resuming " + resumed.size() + " parked");
        }
        int step = policy.spawnStep() - resumed.size();
        int headroom = policy.maxWorkers() - live;
        int spawn = Math.max(0, Math.min(step, Math.min(missing - resumed.size(), headroom)));
        if (spawn > 0) {
            actions.add(new Action.Spawn(spawn));
            why.add("spawning " + spawn + (resumed.size() + spawn < missing
                    ? (headroom < step ? " (maxWorkers " + policy.maxWorkers() + " live)" : " (spawn step)") : ""));
        } else if (resumed.isEmpty()) {
            why.add("cannot grow: " + live + " live workers at maxWorkers " + policy.maxWorkers());
        }
        return resumed;
    }

    /**
     * Parking machines get their suspend once they hold no lease (a claim may have raced the park) or the drain
     * timeout passed, and again each retry interval while unconfirmed; after {@link #STOP_ROUNDS_BEFORE_DESTROY}
     * unconfirmed rounds the worker is retired instead. Parked machines past the TTL, and the oldest beyond the
     * park limit (after the policy lowered it), are retired: stopping, then stop and destroy as usual.
     */
    private static List<Action> tendPool(ScalingPolicy policy, List<WorkerState> pool, Set<String> resumedNow,
                                         Instant now, List<String> why) {
        List<Action> actions = new ArrayList<>();
        List<WorkerState> staying = new ArrayList<>();
        for (WorkerState w : pool) {
            if (resumedNow.contains(w.workerId())) {
                continue;
            }
            Parking p = w.parking();
            String retire = null;
            if (w.status() == WorkerStatus.PARKING) {
                boolean mayFreeze = !w.busy() || !w.statusChangedAt().plus(policy.drainTimeout()).isAfter(now);
                if (p.suspendRound() >= STOP_ROUNDS_BEFORE_DESTROY && due(p.suspendSentAt(), policy, now)) {
                    retire = "suspend-unconfirmed";
                } else if (mayFreeze && (p.suspendRound() == 0 || due(p.suspendSentAt(), policy, now))) {
                    actions.add(new Action.SendSuspend(w.workerId(), p.cycle(), p.suspendRound() + 1));
                }
            } else if (!w.statusChangedAt().plus(policy.parkedTtl()).isAfter(now)) {
                retire = "parked-expired";
            }
            if (retire != null) {
                actions.add(new Action.BeginStopping(w.workerId(), retire));
                actions.add(new Action.SendStop(w.workerId(), 1));
                why.add(w.workerId() + " " + retire);
            } else {
                staying.add(w);
            }
        }
        List<WorkerState> surplus = staying.stream().filter(w -> w.status() == WorkerStatus.PARKED)
                .sorted(Comparator.comparing(WorkerState::statusChangedAt).thenComparing(WorkerState::workerId))
                .limit(Math.max(0, staying.size() - policy.parkLimit())).toList();
        for (WorkerState w : surplus) {
            actions.add(new Action.BeginStopping(w.workerId(), "park-limit"));
            actions.add(new Action.SendStop(w.workerId(), 1));
        }
        if (!surplus.isEmpty()) {
            why.add("retiring " + surplus.size() + " parked above parkLimit " + policy.parkLimit());
        }
        return actions;
    }

    private static String unhealthy(ScalingPolicy policy, WorkerState w, Instant now) {
        if (w.createFailed()) {
            return "create-failed";
        }
        // a stale report from before the worker's last resume is about an earlier run
        if (w.heartbeatStaleAt() != null && !w.heartbeatStaleAt().isBefore(w.startedAt()) && (w.lastHeartbeatAt() == null
                || !w.lastHeartbeatAt().plus(policy.heartbeatStaleAfter()).isAfter(now))) {
            return "heartbeat-stale";
        }
        if (w.starting() && !w.startedAt().plus(policy.bootTimeout()).isAfter(now)) {
            return "boot-overdue";
        }
        return null;
    }

    private static Action teardown(ScalingPolicy policy, WorkerState w, Instant now) {
        boolean stopDone = w.stopConfirmed() || w.stopRound() >= STOP_ROUNDS_BEFORE_DESTROY
                && due(w.stopSentAt(), policy, now);
        if (!stopDone) {
            return w.stopRound() == 0 || due(w.stopSentAt(), policy, now)
                    ? new Action.SendStop(w.workerId(), w.stopRound() + 1) : null;
        }
        return w.destroyRound() == 0 || due(w.destroySentAt(), policy, now)
                ? new Action.SendDestroy(w.workerId(), w.destroyRound() + 1) : null;
    }

    private static boolean due(Instant sentAt, ScalingPolicy policy, Instant now) {
        return sentAt == null || !sentAt.plus(policy.commandRetry()).isAfter(now);
    }
}
