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
                byId.computeIfPresent(stop.workerId(), (id, w) -> copy(w, w.status(), w.statusChangedAt(), stop.round(),
                        now, w.destroyRound(), w.destroySentAt(), w.parking()));
            } else if (action instanceof Action.SendDestroy destroy) {
                byId.computeIfPresent(destroy.workerId(), (id, w) -> copy(w, w.status(), w.statusChangedAt(),
                        w.stopRound(), w.stopSentAt(), destroy.round(), now, w.parking()));
            } else if (action instanceof Action.Park park) {
                byId.computeIfPresent(park.workerId(), (id, w) -> with(with(w, WorkerStatus.PARKING, now),
                        new Parking(w.parking().cycle() + 1, 0, null, false, w.parking().resumedAt(), 0, null, false)));
            } else if (action instanceof Action.SendSuspend suspend) {
                byId.computeIfPresent(suspend.workerId(), (id, w) -> with(w, new Parking(w.parking().cycle(),
                        suspend.round(), now, false, w.parking().resumedAt(), 0, null, false)));
            } else if (action instanceof Action.Resume resume) {
                byId.computeIfPresent(resume.workerId(), (id, w) -> with(with(w, WorkerStatus.ACTIVE, now),
                        new Parking(w.parking().cycle(), w.parking().suspendRound(), w.parking().suspendSentAt(),
                                w.parking().suspendConfirmed(), now, 0, null, false)));
            } else if (action instanceof Action.SendResume resume) {
                byId.computeIfPresent(resume.workerId(), (id, w) -> with(w, new Parking(w.parking().cycle(),
                        w.parking().suspendRound(), w.parking().suspendSentAt(), w.parking().suspendConfirmed(),
                        w.parking().resumedAt(), resume.round(), now, false)));
            }
        }
        return new ArrayList<>(byId.values());
    }

    public static WorkerState with(WorkerState w, WorkerStatus status, Instant now) {
        return copy(w, status, now, w.stopRound(), w.stopSentAt(), w.destroyRound(), w.destroySentAt(), w.parking());
    }

    public static WorkerState with(WorkerState w, Parking parking) {
        return copy(w, w.status(), w.statusChangedAt(), w.stopRound(), w.stopSentAt(), w.destroyRound(),
                w.destroySentAt(), parking);
    }

    private static WorkerState copy(WorkerState w, WorkerStatus status, Instant statusChangedAt, int stopRound,
                                    Instant stopSentAt, int destroyRound, Instant destroySentAt, Parking parking) {
        return new WorkerState(w.workerId(), status, w.spawnedAt(), statusChangedAt, w.firstClaimAt(), w.lastClaimAt(),
                w.idleSince(), w.busy(), w.heartbeatStaleAt(), w.lastHeartbeatAt(), w.createFailed(), stopRound,
                stopSentAt, w.stopConfirmed(), destroyRound, destroySentAt, parking);
    }
}
