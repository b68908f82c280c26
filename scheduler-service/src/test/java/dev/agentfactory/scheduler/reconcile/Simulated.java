package dev.agentfactory.scheduler.reconcile;

import dev.agentfactory.scheduler.fleet.WorkerStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Applies a plan to an in-memory fleet the way the reconciler applies it to the table. */
public final class Simulated {

    private static int next;

    private Simulated() {
    }

    public static List<WorkerState> apply(Plan plan, List<WorkerState> fleet, Instant now) {
        Map<String, WorkerState> byId = new LinkedHashMap<>();
        fleet.forEach(w -> byId.put(w.workerId(), w));
        for (Action action : plan.actions()) {
            if (action instanceof Action.Spawn spawn) {
                for (int i = 0; i < spawn.count(); i++) {
                    String id = "sim-" + (++next);
                    byId.put(id, WorkerState.spawned(id, now));
                }
            } else if (action instanceof Action.Drain drain) {
                byId.computeIfPresent(drain.workerId(), (id, w) -> with(w, WorkerStatus.DRAINING, now));
            } else if (action instanceof Action.BeginStopping stopping) {
                byId.computeIfPresent(stopping.workerId(), (id, w) -> with(w, WorkerStatus.STOPPING, now));
            } else if (action instanceof Action.SendStop stop) {
                byId.computeIfPresent(stop.workerId(), (id, w) -> new WorkerState(id, w.status(), w.spawnedAt(),
                        w.statusChangedAt(), w.firstClaimAt(), w.lastClaimAt(), w.idleSince(), w.busy(),
                        w.heartbeatStaleAt(), w.lastHeartbeatAt(), w.createFailed(), stop.round(), now,
                        w.stopConfirmed(), w.destroyRound(), w.destroySentAt()));
            } else if (action instanceof Action.SendDestroy destroy) {
                byId.computeIfPresent(destroy.workerId(), (id, w) -> new WorkerState(id, w.status(), w.spawnedAt(),
                        w.statusChangedAt(), w.firstClaimAt(), w.lastClaimAt(), w.idleSince(), w.busy(),
                        w.heartbeatStaleAt(), w.lastHeartbeatAt(), w.createFailed(), w.stopRound(), w.stopSentAt(),
                        w.stopConfirmed(), destroy.round(), now));
            }
        }
        return new ArrayList<>(byId.values());
    }

    public static WorkerState with(WorkerState w, WorkerStatus status, Instant now) {
        return new WorkerState(w.workerId(), status, w.spawnedAt(), now, w.firstClaimAt(), w.lastClaimAt(),
                w.idleSince(), w.busy(), w.heartbeatStaleAt(), w.lastHeartbeatAt(), w.createFailed(), w.stopRound(),
                w.stopSentAt(), w.stopConfirmed(), w.destroyRound(), w.destroySentAt());
    }
}
