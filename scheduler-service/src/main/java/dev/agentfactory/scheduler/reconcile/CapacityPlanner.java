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
 * stopped) worker; shrinking happens only through idle drain. Applying a plan and deciding again at the same
 * instant yields no further action, which is what makes reconcile idempotent.
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

        // 2. idle drain: only above desired, longest idle first
        int surplus = capacity - desired;
        if (surplus > 0) {
            List<WorkerState> idle = active.stream()
                    .filter(w -> !leaving.contains(w.workerId()) && !w.starting() && !w.busy())
                    .filter(w -> !w.idleReference().plus(policy.idleTimeout()).isAfter(now))
                    .sorted(Comparator.comparing(WorkerState::idleReference).thenComparing(WorkerState::workerId))
                    .limit(surplus).toList();
            for (WorkerState w : idle) {
                actions.add(new Action.Drain(w.workerId(), "idle-timeout"));
                leaving.add(w.workerId());
            }
            capacity -= idle.size();
            if (!idle.isEmpty()) {
                why.add("drained " + idle.size() + " idle past " + policy.idleTimeoutSeconds() + "s");
            }
        }

        // 3. growth, counting workers already starting; never above maxWorkers live machines
        int spawn = 0;
        if (desired > capacity) {
            int headroom = policy.maxWorkers() - live;
            spawn = Math.max(0, Math.min(policy.spawnStep(), Math.min(desired - capacity, headroom)));
            if (spawn > 0) {
                actions.add(new Action.Spawn(spawn));
                why.add("spawning " + spawn + (spawn < desired - capacity
                        ? (headroom < policy.spawnStep() ? " (maxWorkers " + policy.maxWorkers() + " live)" : " (spawn step)")
                        : ""));
            } else {
                why.add("cannot grow: " + live + " live workers at maxWorkers " + policy.maxWorkers());
            }
        }

        // 4. draining → stopping once no lease is held or the drain timed out (also those drained just now)
        for (WorkerState w : fleet) {
            boolean drainingNow = w.status() == WorkerStatus.DRAINING || leaving.contains(w.workerId());
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

        // 5. stopping: stop, then destroy; each retried in a new round until the provider confirms
        for (WorkerState w : fleet) {
            if (w.status() == WorkerStatus.STOPPING) {
                Action retry = teardown(policy, w, now);
                if (retry != null) {
                    actions.add(retry);
                }
            }
        }

        String reason = String.format("demand %d conversations (%d ready, %d busy; %d ready messages) / %d per worker"
                        + " -> desired %d [min %d, max %d]; capacity %d (%d starting, %d ready)%s",
                demand.conversationsWithWork(), demand.readyConversations(), demand.busyConversations(),
                demand.readyMessages(), policy.conversationsPerWorker(), desired, policy.minWorkers(),
                policy.maxWorkers(), active.size(), starting, ready,
                why.isEmpty() ? "; steady" : "; " + String.join("; ", why));
        return new Plan(desired, starting, ready, draining, stopping, List.copyOf(actions), reason);
    }

    private static String unhealthy(ScalingPolicy policy, WorkerState w, Instant now) {
        if (w.createFailed()) {
            return "create-failed";
        }
        if (w.heartbeatStaleAt() != null && (w.lastHeartbeatAt() == null
                || !w.lastHeartbeatAt().plus(policy.heartbeatStaleAfter()).isAfter(now))) {
            return "heartbeat-stale";
        }
        if (w.starting() && !w.spawnedAt().plus(policy.bootTimeout()).isAfter(now)) {
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
