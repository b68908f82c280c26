package dev.agentfactory.scheduler.reconcile;

import dev.agentfactory.scheduler.demand.DepthStore;
import dev.agentfactory.scheduler.fleet.FleetTransitions;
import dev.agentfactory.scheduler.fleet.WorkerStatus;
import dev.agentfactory.scheduler.fleet.WorkerStore;
import dev.agentfactory.scheduler.policy.PolicyStore;
import dev.agentfactory.scheduler.policy.ScalingPolicy;
import dev.agentfactory.scheduler.spawn.ProviderCommands;
import dev.agentfactory.scheduler.spawn.Spawner;
import dev.agentfactory.scheduler.spawn.WorkerEnvironment;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The effects of a reconcile: in one transaction serialised across replicas by an advisory lock, read the
 * policy, demand and (locked) fleet, decide, apply the plan (slots, transitions, commands through the outbox)
 * and record the decision; then complete pending creates.
 */
@ApplicationScoped
public class Reconciler {

    private final Pool pool;
    private final PolicyStore policies;
    private final DepthStore depth;
    private final WorkerStore workers;
    private final FleetTransitions transitions;
    private final ProviderCommands commands;
    private final DecisionStore decisions;
    private final Spawner spawner;
    private final WorkerEnvironment environment;

    public Reconciler(Pool pool, PolicyStore policies, DepthStore depth, WorkerStore workers,
                      FleetTransitions transitions, ProviderCommands commands, DecisionStore decisions,
                      Spawner spawner, WorkerEnvironment environment) {
        this.pool = pool;
        this.policies = policies;
        this.depth = depth;
        this.workers = workers;
        this.transitions = transitions;
        this.commands = commands;
        this.decisions = decisions;
        this.spawner = spawner;
        this.environment = environment;
    }

    public record Outcome(Plan plan, List<Object> applied, int createsEmitted) {
    }

    public Uni<Outcome> reconcile(String trigger) {
        Instant now = Instant.now();
        return pool.withTransaction(tx -> tx.query("SELECT pg_advisory_xact_lock(hashtext('scheduler.reconcile'))").execute()
                        .chain(() -> policies.current(tx))
                        .chain(effective -> depth.total(tx).chain(demand -> workers.lockLive(tx).chain(fleet -> {
                            ScalingPolicy policy = effective.policy();
                            Plan plan = CapacityPlanner.decide(policy, demand, fleet, now);
                            List<Object> applied = new ArrayList<>();
                            return applyAll(tx, plan.actions(), now, applied)
                                    .chain(() -> decisions.record(tx, trigger, now, demand, plan, applied))
                                    .replaceWith(new Decided(plan, applied, policy));
                        }))))
                .chain(decided -> spawner.completePendingCreates(decided.policy())
                        .map(creates -> new Outcome(decided.plan(), decided.applied(), creates)));
    }

    private record Decided(Plan plan, List<Object> applied, ScalingPolicy policy) {
    }

    private Uni<Void> applyAll(SqlClient tx, List<Action> actions, Instant now, List<Object> applied) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Action action : actions) {
            chain = chain.chain(() -> apply(tx, action, now, applied));
        }
        return chain;
    }

    private Uni<Void> apply(SqlClient tx, Action action, Instant now, List<Object> applied) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("kind", action.kind());
        applied.add(record);
        if (action instanceof Action.Spawn spawn) {
            return spawn(tx, spawn, now, record);
        }
        if (action instanceof Action.Drain drain) {
            record.put("workerId", drain.workerId());
            record.put("reason", drain.reason());
            return transitions.change(tx, drain.workerId(), EnumSet.of(WorkerStatus.ACTIVE), WorkerStatus.DRAINING,
                    drain.reason(), now).replaceWithVoid();
        }
        if (action instanceof Action.BeginStopping stopping) {
            record.put("workerId", stopping.workerId());
            record.put("reason", stopping.reason());
            return transitions.change(tx, stopping.workerId(), EnumSet.of(WorkerStatus.ACTIVE, WorkerStatus.DRAINING,
                    WorkerStatus.PARKING, WorkerStatus.PARKED), WorkerStatus.STOPPING, stopping.reason(), now).replaceWithVoid();
        }
        if (action instanceof Action.Park park) {
            record.put("workerId", park.workerId());
            record.put("reason", park.reason());
            return transitions.change(tx, park.workerId(), EnumSet.of(WorkerStatus.ACTIVE), WorkerStatus.PARKING,
                    park.reason(), now).chain(() -> workers.parkCycleBegun(tx, park.workerId()));
        }
        if (action instanceof Action.Resume resume) {
            record.put("workerId", resume.workerId());
            return transitions.change(tx, resume.workerId(), EnumSet.of(WorkerStatus.PARKING, WorkerStatus.PARKED),
                    WorkerStatus.ACTIVE, "resumed", now).chain(() -> workers.resumed(tx, resume.workerId(), now));
        }
        return command(tx, action, now, record);
    }

    private Uni<Void> spawn(SqlClient tx, Action.Spawn spawn, Instant now, Map<String, Object> record) {
        List<String> ids = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < spawn.count(); i++) {
            String workerId = "wkr-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            ids.add(workerId);
            chain = chain.chain(() -> transitions.spawned(tx, workerId, environment.appName(), now));
        }
        record.put("workerIds", ids);
        return chain;
    }

    /** The provider commands: the round is recorded on the worker, then the command goes out through the outbox. */
    private Uni<Void> command(SqlClient tx, Action action, Instant now, Map<String, Object> record) {
        if (action instanceof Action.SendStop stop) {
            return sendRound(tx, stop.workerId(), stop.round(), record, workers.stopSent(tx, stop.workerId(), stop.round(), now),
                    machine -> commands.stop(tx, stop.workerId(), machine, stop.round()));
        }
        if (action instanceof Action.SendSuspend suspend) {
            return sendRound(tx, suspend.workerId(), suspend.round(), record,
                    workers.suspendSent(tx, suspend.workerId(), suspend.round(), now),
                    machine -> commands.suspend(tx, suspend.workerId(), machine, suspend.cycle(), suspend.round()));
        }
        if (action instanceof Action.SendResume resume) {
            return sendRound(tx, resume.workerId(), resume.round(), record,
                    workers.resumeSent(tx, resume.workerId(), resume.round(), now),
                    machine -> commands.resume(tx, resume.workerId(), machine, resume.cycle(), resume.round()));
        }
        Action.SendDestroy destroy = (Action.SendDestroy) action;
        return sendRound(tx, destroy.workerId(), destroy.round(), record,
                workers.destroySent(tx, destroy.workerId(), destroy.round(), now),
                machine -> commands.destroy(tx, destroy.workerId(), machine, destroy.round()));
    }

    private Uni<Void> sendRound(SqlClient tx, String workerId, int round, Map<String, Object> record, Uni<Void> recordRound,
                                Function<String, Uni<Boolean>> send) {
        record.put("workerId", workerId);
        record.put("round", round);
        return recordRound.chain(() -> workers.machineOf(tx, workerId)).chain(machine -> send.apply(machine)).replaceWithVoid();
    }
}
