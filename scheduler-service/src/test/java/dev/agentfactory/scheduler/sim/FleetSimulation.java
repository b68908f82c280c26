package dev.agentfactory.scheduler.sim;

import dev.agentfactory.scheduler.fleet.WorkerStatus;
import dev.agentfactory.scheduler.policy.ScalingPolicy;
import dev.agentfactory.scheduler.reconcile.Action;
import dev.agentfactory.scheduler.reconcile.CapacityPlanner;
import dev.agentfactory.scheduler.reconcile.Demand;
import dev.agentfactory.scheduler.reconcile.Plan;
import dev.agentfactory.scheduler.reconcile.WorkerState;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Replays a trace on a virtual clock (1 s steps) against a fleet driven by {@link CapacityPlanner#decide}: the
 * queue holds per-conversation FIFOs with one lease per conversation; workers boot for {@code bootSeconds},
 * then claim the oldest ready message; reconcile runs whenever the queue changed (coalesced per second, like
 * the depth-event trigger) and on the fallback interval. Only the demand handed to the decision differs
 * between the policies.
 */
public final class FleetSimulation {

    /** Which demand the decision sees. */
    public enum Policy { CONVERSATIONS, MESSAGES }

    public record Result(Policy policy, int messages, double p50WaitSeconds, double p95WaitSeconds, long maxWaitSeconds,
                         double p95FromArrivalSeconds, double machineMinutes, int spawned, int peakLive, int overSpawned, long lastCompletion) {
    }

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final long STOP_SECONDS = 20;

    private final ScalingPolicy policy;
    private final Policy mode;
    private final long bootSeconds;

    public FleetSimulation(ScalingPolicy policy, Policy mode, long bootSeconds) {
        this.policy = policy;
        this.mode = mode;
        this.bootSeconds = bootSeconds;
    }

    private static final class Worker {
        final String id;
        final long spawnedAt;
        WorkerStatus status = WorkerStatus.ACTIVE;
        long statusAt;
        Long firstClaim;
        Long lastClaim;
        Long idleSince;
        long busyUntil = -1;
        int conversation = -1;
        Long stoppedAt;

        Worker(String id, long at) {
            this.id = id;
            this.spawnedAt = at;
            this.statusAt = at;
        }

        WorkerState state(long now, long bootSeconds) {
            // a booted worker registers with the queue, which reports it idle since then
            Long idle = idleSince == null && now >= spawnedAt + bootSeconds ? Long.valueOf(spawnedAt + bootSeconds) : idleSince;
            return new WorkerState(id, status, at(spawnedAt), at(statusAt), at(firstClaim), at(lastClaim),
                    at(idle), conversation >= 0, null, null, false, 0, null, false, 0, null);
        }
    }

    private record Ready(long readyAt, Trace.Message message) {
    }

    public Result run(List<Trace.Message> trace) {
        Map<Integer, ArrayDeque<Trace.Message>> pending = new HashMap<>();
        Map<Integer, Integer> locked = new HashMap<>();
        PriorityQueue<Ready> ready = new PriorityQueue<>(Comparator.comparingLong(Ready::readyAt)
                .thenComparingInt(r -> r.message().id()));
        List<Worker> workers = new ArrayList<>();
        List<Long> waits = new ArrayList<>();
        List<Long> fromArrival = new ArrayList<>();
        int next = 0;
        int spawned = 0;
        int peak = 0;
        int overSpawned = 0;
        int pendingCount = 0;
        long lastReconcile = -policy.fallbackIntervalSeconds();
        long lastCompletion = 0;
        long traceEnd = trace.get(trace.size() - 1).arrivalSecond();

        for (long t = 0; ; t++) {
            boolean changed = false;
            for (; next < trace.size() && trace.get(next).arrivalSecond() == t; next++) {
                Trace.Message m = trace.get(next);
                ArrayDeque<Trace.Message> queue = pending.computeIfAbsent(m.conversation(), c -> new ArrayDeque<>());
                queue.add(m);
                pendingCount++;
                if (queue.size() == 1 && !locked.containsKey(m.conversation())) {
                    ready.add(new Ready(t, m));
                }
                changed = true;
            }
            for (Worker w : workers) {
                if (w.conversation >= 0 && w.busyUntil == t) {
                    locked.remove(w.conversation);
                    ArrayDeque<Trace.Message> queue = pending.get(w.conversation);
                    if (!queue.isEmpty()) {
                        ready.add(new Ready(t, queue.peek()));
                    }
                    w.conversation = -1;
                    w.idleSince = t;
                    lastCompletion = t;
                    changed = true;
                }
                if (w.status == WorkerStatus.STOPPING && w.stoppedAt == null && t >= w.statusAt + STOP_SECONDS) {
                    w.stoppedAt = t;
                    w.status = WorkerStatus.STOPPED;
                }
            }
            for (Worker w : workers) {
                if (ready.isEmpty()) {
                    break;
                }
                if (w.status == WorkerStatus.ACTIVE && w.conversation < 0 && t >= w.spawnedAt + bootSeconds) {
                    Ready r = ready.poll();
                    pending.get(r.message().conversation()).poll();
                    pendingCount--;
                    locked.put(r.message().conversation(), 0);
                    waits.add(t - r.readyAt());
                    fromArrival.add(t - r.message().arrivalSecond());
                    w.conversation = r.message().conversation();
                    w.busyUntil = t + r.message().serviceSeconds();
                    w.firstClaim = w.firstClaim == null ? t : w.firstClaim;
                    w.lastClaim = t;
                    changed = true;
                }
            }
            if (changed || t - lastReconcile >= policy.fallbackIntervalSeconds()) {
                lastReconcile = t;
                int readyConversations = ready.size();
                int busy = locked.size();
                Demand demand = mode == Policy.CONVERSATIONS
                        ? new Demand(readyConversations, busy, pendingCount, 1)
                        : new Demand(pendingCount + busy, 0, pendingCount, 1);
                long now = t;
                List<WorkerState> fleet = workers.stream().filter(w -> w.status != WorkerStatus.STOPPED)
                        .map(w -> w.state(now, bootSeconds)).toList();
                Plan plan = CapacityPlanner.decide(policy, demand, fleet, at(t));
                for (Action action : plan.actions()) {
                    if (action instanceof Action.Spawn spawn) {
                        for (int i = 0; i < spawn.count(); i++) {
                            workers.add(new Worker("w" + (++spawned), t));
                        }
                    } else if (action instanceof Action.Drain drain) {
                        find(workers, drain.workerId()).status = WorkerStatus.DRAINING;
                        find(workers, drain.workerId()).statusAt = t;
                    } else if (action instanceof Action.BeginStopping stop) {
                        find(workers, stop.workerId()).status = WorkerStatus.STOPPING;
                        find(workers, stop.workerId()).statusAt = t;
                    }
                }
                if (plan.spawned() > 0) {
                    long capacity = workers.stream().filter(w -> w.status == WorkerStatus.ACTIVE).count();
                    long allowed = Math.max(policy.minWorkers(), readyConversations + busy);
                    overSpawned += (int) Math.max(0, Math.min(plan.spawned(), capacity - allowed));
                }
                peak = Math.max(peak, (int) workers.stream().filter(w -> w.status != WorkerStatus.STOPPED).count());
            }
            boolean drained = workers.stream().allMatch(w -> w.status == WorkerStatus.STOPPED);
            if (t > traceEnd && next == trace.size() && pendingCount == 0 && locked.isEmpty() && drained
                    || t > traceEnd + 4 * 3600) {
                return result(trace.size(), waits, fromArrival, workers, t, spawned, peak, overSpawned, lastCompletion);
            }
        }
    }

    private Result result(int messages, List<Long> waits, List<Long> fromArrival, List<Worker> workers, long end, int spawned, int peak,
                          int overSpawned, long lastCompletion) {
        List<Long> sorted = waits.stream().sorted().toList();
        double seconds = workers.stream().mapToLong(w -> (w.stoppedAt == null ? end : w.stoppedAt) - w.spawnedAt).sum();
        return new Result(mode, messages, percentile(sorted, 0.50), percentile(sorted, 0.95),
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1),
                percentile(fromArrival.stream().sorted().toList(), 0.95), seconds / 60.0, spawned, peak, overSpawned,
                lastCompletion);
    }

    static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static Worker find(List<Worker> workers, String id) {
        return workers.stream().filter(w -> w.id.equals(id)).findFirst().orElseThrow();
    }

    private static Instant at(Long second) {
        return second == null ? null : EPOCH.plusSeconds(second);
    }
}
