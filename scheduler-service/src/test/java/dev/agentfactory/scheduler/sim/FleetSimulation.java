package dev.agentfactory.scheduler.sim;

import dev.agentfactory.scheduler.fleet.WorkerStatus;
import dev.agentfactory.scheduler.policy.ScalingPolicy;
import dev.agentfactory.scheduler.reconcile.Action;
import dev.agentfactory.scheduler.reconcile.CapacityPlanner;
import dev.agentfactory.scheduler.reconcile.Demand;
import dev.agentfactory.scheduler.reconcile.Parking;
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
 * then claim the oldest claimable message (by arrival, as the queue orders heads); reconcile runs whenever the
 * queue changed (coalesced per second, like the depth-event trigger) and on the fallback interval. With a pool
 * ({@code parkLimit > 0}) a parked machine is suspended {@link #SUSPEND_SECONDS} after the suspend is sent and
 * serves again {@link #RESUME_SECONDS} after a resume. Only the demand handed to the decision differs between
 * the policies.
 */
public final class FleetSimulation {

    /** Which demand the decision sees. */
    public enum Policy { CONVERSATIONS, MESSAGES }

    /**
     * @param machineMinutes running machines (boot, work, idle, suspend, stop): what compute is billed for
     * @param parkedMinutes  suspended machines: billed for their stored memory and disk only
     */
    public record Result(Policy policy, int messages, double p50WaitSeconds, double p95WaitSeconds, long maxWaitSeconds,
                         double p95FromArrivalSeconds, double machineMinutes, double parkedMinutes, int spawned,
                         int resumed, int peakLive, int overSpawned, long lastCompletion) {
    }

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final long STOP_SECONDS = 20;
    /** Writing a 2 GB memory snapshot: an assumption on the slow side. */
    static final long SUSPEND_SECONDS = 10;
    /**
     * Resume from a snapshot (a few hundred ms on Fly) plus the parked worker's next poll (250 ms) and claim,
     * rounded up to the simulation's 1 s step and doubled for margin.
     */
    static final long RESUME_SECONDS = 2;

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
        long readyAt;
        Long firstClaim;
        Long lastClaim;
        Long idleSince;
        long busyUntil = -1;
        int conversation = -1;
        Long stoppedAt;
        int cycle;
        Long suspendSentAt;
        Long resumedAt;
        long runningSince;
        long runningSeconds;
        long parkedSince = -1;
        long parkedSeconds;

        Worker(String id, long at, long bootSeconds) {
            this.id = id;
            this.spawnedAt = at;
            this.statusAt = at;
            this.readyAt = at + bootSeconds;
            this.runningSince = at;
        }

        void status(WorkerStatus next, long at) {
            status = next;
            statusAt = at;
        }

        void suspended(long at) {
            status(WorkerStatus.PARKED, at);
            runningSeconds += at - runningSince;
            parkedSince = at;
        }

        void resumed(long at) {
            if (status == WorkerStatus.PARKED) {
                parkedSeconds += at - parkedSince;
                parkedSince = -1;
                runningSince = at;
            }
            status(WorkerStatus.ACTIVE, at);
            resumedAt = at;
            readyAt = at + RESUME_SECONDS;
        }

        void stopped(long at) {
            status(WorkerStatus.STOPPED, at);
            stoppedAt = at;
            if (parkedSince >= 0) {
                parkedSeconds += at - parkedSince;
            } else {
                runningSeconds += at - runningSince;
            }
        }

        boolean running() {
            return parkedSince < 0;
        }

        WorkerState state(long now) {
            // a booted worker registers with the queue, which reports it idle since then
            Long idle = idleSince == null && now >= readyAt ? Long.valueOf(readyAt) : idleSince;
            Parking parking = new Parking(cycle, suspendSentAt == null ? 0 : 1, at(suspendSentAt),
                    status == WorkerStatus.PARKED, at(resumedAt), resumedAt == null ? 0 : 1, at(resumedAt),
                    resumedAt != null && now >= readyAt);
            return new WorkerState(id, status, at(spawnedAt), at(statusAt), at(firstClaim), at(lastClaim),
                    at(idle), conversation >= 0, null, null, false, 0, null, false, 0, null, parking);
        }
    }

    private record Ready(long readyAt, Trace.Message message) {
    }

    public Result run(List<Trace.Message> trace) {
        Map<Integer, ArrayDeque<Trace.Message>> pending = new HashMap<>();
        Map<Integer, Integer> locked = new HashMap<>();
        // the oldest message first, as the queue's claim takes them (ORDER BY head_seq, the ingest order): a
        // conversation's next message, sent before a newer conversation's first one, is claimed before it
        PriorityQueue<Ready> ready = new PriorityQueue<>(Comparator.comparingInt(r -> r.message().id()));
        List<Worker> workers = new ArrayList<>();
        List<Long> waits = new ArrayList<>();
        List<Long> fromArrival = new ArrayList<>();
        int next = 0;
        int spawned = 0;
        int resumed = 0;
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
                    w.stopped(t);
                }
                if (w.status == WorkerStatus.PARKING && w.suspendSentAt != null && t >= w.suspendSentAt + SUSPEND_SECONDS) {
                    w.suspended(t);
                }
            }
            for (Worker w : workers) {
                if (ready.isEmpty()) {
                    break;
                }
                if (w.status == WorkerStatus.ACTIVE && w.conversation < 0 && t >= w.readyAt) {
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
                        .map(w -> w.state(now)).toList();
                Plan plan = CapacityPlanner.decide(policy, demand, fleet, at(t));
                for (Action action : plan.actions()) {
                    if (action instanceof Action.Spawn spawn) {
                        for (int i = 0; i < spawn.count(); i++) {
                            workers.add(new Worker("w" + (++spawned), t, bootSeconds));
                        }
                    } else if (action instanceof Action.Drain drain) {
                        find(workers, drain.workerId()).status(WorkerStatus.DRAINING, t);
                    } else if (action instanceof Action.BeginStopping stop) {
                        find(workers, stop.workerId()).status(WorkerStatus.STOPPING, t);
                    } else if (action instanceof Action.Park park) {
                        Worker w = find(workers, park.workerId());
                        w.status(WorkerStatus.PARKING, t);
                        w.cycle++;
                        w.suspendSentAt = null;
                    } else if (action instanceof Action.SendSuspend suspend) {
                        find(workers, suspend.workerId()).suspendSentAt = t;
                    } else if (action instanceof Action.Resume resume) {
                        find(workers, resume.workerId()).resumed(t);
                        resumed++;
                    }
                }
                int grown = plan.spawned() + plan.resumed();
                if (grown > 0) {
                    long capacity = workers.stream().filter(w -> w.status == WorkerStatus.ACTIVE).count();
                    long allowed = Math.max(policy.minWorkers(), readyConversations + busy);
                    overSpawned += (int) Math.max(0, Math.min(grown, capacity - allowed));
                }
                peak = Math.max(peak, (int) workers.stream().filter(w -> w.status != WorkerStatus.STOPPED).count());
            }
            boolean drained = workers.stream().allMatch(w -> w.status == WorkerStatus.STOPPED || !w.running());
            if (t > traceEnd && next == trace.size() && pendingCount == 0 && locked.isEmpty() && drained
                    || t > traceEnd + 4 * 3600) {
                return result(trace.size(), waits, fromArrival, workers, t, spawned, resumed, peak, overSpawned, lastCompletion);
            }
        }
    }

    private Result result(int messages, List<Long> waits, List<Long> fromArrival, List<Worker> workers, long end,
                          int spawned, int resumed, int peak, int overSpawned, long lastCompletion) {
        List<Long> sorted = waits.stream().sorted().toList();
        double running = workers.stream().mapToLong(w -> w.runningSeconds
                + (w.stoppedAt == null && w.running() ? end - w.runningSince : 0)).sum();
        double parked = workers.stream().mapToLong(w -> w.parkedSeconds
                + (w.stoppedAt == null && !w.running() ? end - w.parkedSince : 0)).sum();
        return new Result(mode, messages, percentile(sorted, 0.50), percentile(sorted, 0.95),
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1),
                percentile(fromArrival.stream().sorted().toList(), 0.95), running / 60.0, parked / 60.0, spawned,
                resumed, peak, overSpawned, lastCompletion);
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
