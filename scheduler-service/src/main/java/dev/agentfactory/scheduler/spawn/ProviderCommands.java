package dev.agentfactory.scheduler.spawn;

import dev.agentfactory.platform.config.ServiceConfig;
import dev.agentfactory.platform.event.EventFactory;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.outbox.Outbox;
import dev.agentfactory.scheduler.policy.ScalingPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.TreeMap;

/**
 * Emits provider commands through the outbox, each commandId at most once: the ledger row and the outbox row
 * commit together, so a retried or restarted reconcile can never ask twice for the same thing.
 */
@ApplicationScoped
public class ProviderCommands {

    private final Outbox outbox;
    private final EventFactory events;
    private final WorkerEnvironment environment;
    private final String requestedBy;

    public ProviderCommands(Outbox outbox, EventFactory events, WorkerEnvironment environment, ServiceConfig service) {
        this.outbox = outbox;
        this.events = events;
        this.environment = environment;
        this.requestedBy = service.name();
    }

    public Uni<Boolean> create(SqlClient tx, String workerId, ScalingPolicy.MachineSpec spec) {
        return emit(tx, new ProviderCommand(ProviderCommand.createId(workerId), "create-machine",
                environment.appName(), workerId, null, machine(workerId, spec), null, requestedBy));
    }

    public Uni<Boolean> stop(SqlClient tx, String workerId, String machineId, int round) {
        return emit(tx, new ProviderCommand(ProviderCommand.stopId(workerId, round), "stop-machine",
                environment.appName(), workerId, machineId, null,
                new ProviderCommand.Stop("SIGTERM", environment.stopTimeoutSeconds()), requestedBy));
    }

    public Uni<Boolean> suspend(SqlClient tx, String workerId, String machineId, int cycle, int round) {
        return emit(tx, new ProviderCommand(ProviderCommand.suspendId(workerId, cycle, round), "suspend-machine",
                environment.appName(), workerId, machineId, null, null, requestedBy));
    }

    /** Starting a suspended machine resumes it from its memory snapshot. */
    public Uni<Boolean> resume(SqlClient tx, String workerId, String machineId, int cycle, int round) {
        return emit(tx, new ProviderCommand(ProviderCommand.resumeId(workerId, cycle, round), "start-machine",
                environment.appName(), workerId, machineId, null, null, requestedBy));
    }

    public Uni<Boolean> destroy(SqlClient tx, String workerId, String machineId, int round) {
        return emit(tx, new ProviderCommand(ProviderCommand.destroyId(workerId, round), "destroy-machine",
                environment.appName(), workerId, machineId, null, null, requestedBy));
    }

    private Uni<Boolean> emit(SqlClient tx, ProviderCommand command) {
        return tx.preparedQuery("INSERT INTO scheduler.provider_commands (command_id, worker_id, action)"
                        + " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(command.commandId(), command.workerId(), command.action()))
                .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(false)
                        : outbox.append(tx, Topics.PROVIDER_COMMANDS,
                                events.create("provider.command.requested", command.appName(), command)).replaceWith(true));
    }

    ProviderCommand.Machine machine(String workerId, ScalingPolicy.MachineSpec spec) {
        Map<String, String> env = new TreeMap<>(environment.extraEnv());
        env.put("AF_WORKER_ID", workerId);
        env.put("AF_QUEUE_URL", environment.queueUrl());
        env.put("AF_SKILLS_URL", environment.skillsUrl());
        Map<String, String> secretEnv = new TreeMap<>(environment.secretEnv());
        secretEnv.put("AF_WORKER_TOKEN", tokenRef(workerId));
        ProviderCommand.Volume volume = spec.volumeSizeGb() > 0
                ? new ProviderCommand.Volume(volumeName(workerId), spec.volumeSizeGb(), spec.volumePath()) : null;
        return new ProviderCommand.Machine(spec.image(), spec.region(),
                new ProviderCommand.Guest(spec.cpuKind(), spec.cpus(), spec.memoryMb()), env, secretEnv, volume,
                "on-failure");
    }

    public String tokenRef(String workerId) {
        return environment.tokenSecretPrefix() + workerId;
    }

    static String volumeName(String workerId) {
        String name = workerId.toLowerCase().replaceAll("[^a-z0-9]", "_");
        return (name.length() > 25 ? name.substring(0, 25) : name) + "_data";
    }
}
