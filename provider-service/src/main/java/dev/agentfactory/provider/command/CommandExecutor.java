package dev.agentfactory.provider.command;

import dev.agentfactory.provider.ProviderConfig;
import dev.agentfactory.provider.cleanup.CleanupService;
import dev.agentfactory.provider.command.CommandRequest.MachineRequest;
import dev.agentfactory.provider.driver.DriverException;
import dev.agentfactory.provider.driver.MachineDriver;
import dev.agentfactory.provider.driver.MachineSpec;
import dev.agentfactory.provider.driver.ObservedMachine;
import dev.agentfactory.provider.driver.ObservedVolume;
import dev.agentfactory.provider.skills.SecretResolver;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.agentfactory.provider.command.CommandRequest.*;

/**
 * Performs one attempt of a command on the driver. Machine actions act only on machines tagged with our
 * deployment; a retried create looks for the machine tagged with its commandId before creating one.
 */
@ApplicationScoped
public class CommandExecutor {

    private final MachineDriver driver;
    private final SecretResolver secrets;
    private final CommandStore store;
    private final CleanupService cleanup;
    private final ProviderConfig config;

    public CommandExecutor(MachineDriver driver, SecretResolver secrets, CommandStore store, CleanupService cleanup,
                           ProviderConfig config) {
        this.driver = driver;
        this.secrets = secrets;
        this.store = store;
        this.cleanup = cleanup;
        this.config = config;
    }

    Uni<ExecutionResult> execute(CommandRecord r) {
        CommandRequest c = r.request();
        return switch (c.action()) {
            case CREATE_MACHINE -> createMachine(r);
            case START_MACHINE -> target(c).chain(m -> driver.start(m.id()).chain(() -> driver.get(m.id())))
                    .chain(this::started).map(m -> ExecutionResult.of(m, null));
            case STOP_MACHINE -> target(c).chain(m -> driver.stop(m.id(), c.stop() == null ? null : c.stop().signal(),
                            c.stop() == null || c.stop().timeoutSeconds() == null ? null
                                    : Duration.ofSeconds(c.stop().timeoutSeconds()))
                    .chain(() -> driver.get(m.id()))).map(m -> ExecutionResult.of(m, null));
            case SUSPEND_MACHINE -> target(c).chain(m -> driver.suspend(m.id())
                            .chain(() -> driver.awaitSuspended(m, config.fly().suspendTimeout())))
                    .map(m -> ExecutionResult.of(m, null));
            case CORDON_MACHINE -> target(c).chain(m -> driver.cordon(m.id()).chain(() -> driver.get(m.id())))
                    .map(m -> ExecutionResult.of(m, null));
            case DESTROY_MACHINE -> destroyMachine(c);
            case CREATE_VOLUME -> createVolume(r);
            case DESTROY_VOLUME -> destroyVolume(c.volumeId()).map(v -> ExecutionResult.of(null, v));
            case CLEANUP -> cleanup.run(c.cleanup(), c.commandId()).replaceWith(ExecutionResult.none());
            default -> Uni.createFrom().failure(DriverException.permanent("invalid_command", "unknown action " + c.action()));
        };
    }

    private Uni<ExecutionResult> createMachine(CommandRecord r) {
        Uni<Optional<ObservedMachine>> existing = r.attempt() > 1
                ? driver.findByCommand(r.commandId()) : Uni.createFrom().item(Optional.empty());
        return existing.chain(found -> {
            if (found.isPresent()) {
                ObservedMachine m = ours(found.get());
                return started(m).map(s -> ExecutionResult.of(s, null));
            }
            MachineRequest spec = r.request().machine();
            return volumeFor(r, spec).chain(volumeId -> secrets.resolveEnv(spec.secretEnv())
                    .chain(secretEnv -> driver.createMachine(machineSpec(r, spec, volumeId, secretEnv)))
                    .chain(this::started)
                    .map(m -> new ExecutionResult(m.id(), volumeId, List.of(m), volumeId == null ? List.of()
                            : List.of(new ObservedVolume(volumeId, spec.volume() == null ? null : spec.volume().name(),
                            "created", spec.volume() == null ? 0 : spec.volume().sizeGb(), m.region(), m.id(), null)))));
        });
    }

    private Uni<ObservedMachine> started(ObservedMachine m) {
        return m.state().equals("started") ? Uni.createFrom().item(m)
                : driver.awaitStarted(m, config.fly().bootTimeout());
    }

    /** The volume to mount: the one an earlier attempt created, a new one, or none. */
    private Uni<String> volumeFor(CommandRecord r, MachineRequest spec) {
        if (spec.volume() == null || r.volumeId() != null) {
            return Uni.createFrom().item(r.volumeId());
        }
        return driver.createVolume(spec.volume().name(), spec.volume().sizeGb(), spec.region())
                .call(v -> store.volumeCreated(r, v.id()))
                .map(ObservedVolume::id);
    }

    private MachineSpec machineSpec(CommandRecord r, MachineRequest spec, String volumeId, Map<String, String> secretEnv) {
        Map<String, String> env = new HashMap<>(spec.env() == null ? Map.of() : spec.env());
        env.putAll(secretEnv);
        Map<String, String> metadata = new HashMap<>();
        metadata.put(ObservedMachine.DEPLOYMENT, config.deployment());
        metadata.put(ObservedMachine.COMMAND_ID, r.commandId());
        if (r.workerId() != null) {
            metadata.put(ObservedMachine.WORKER_ID, r.workerId());
        }
        var guest = spec.guest();
        return new MachineSpec(spec.image(), spec.region(), guest == null ? "shared" : guest.cpuKind(),
                guest == null ? 1 : guest.cpus(), guest == null ? 512 : guest.memoryMb(), env, metadata, volumeId,
                spec.volume() == null ? null : spec.volume().path(), spec.restartPolicy());
    }

    private Uni<ExecutionResult> createVolume(CommandRecord r) {
        if (r.volumeId() != null) {
            return Uni.createFrom().item(new ExecutionResult(null, r.volumeId(), List.of(), List.of()));
        }
        VolumeRequest v = r.request().volume();
        return driver.createVolume(v.name(), v.sizeGb(), v.region())
                .call(created -> store.volumeCreated(r, created.id()))
                .map(created -> ExecutionResult.of(null, created));
    }

    private Uni<ExecutionResult> destroyMachine(CommandRequest c) {
        return targets(c).chain(machines -> {
            if (machines.isEmpty()) {
                return Uni.createFrom().item(ExecutionResult.none()); // already gone: done
            }
            ObservedMachine m = machines.get(0);
            String volumeId = c.volumeId();
            Uni<ObservedVolume> volume = volumeId == null ? Uni.createFrom().nullItem() : destroyVolume(volumeId);
            return driver.destroyMachine(m.id(), true).chain(() -> volume)
                    .map(v -> ExecutionResult.of(m.withState("destroyed"), v));
        });
    }

    private Uni<ObservedVolume> destroyVolume(String volumeId) {
        return driver.listVolumes().chain(volumes -> {
            Optional<ObservedVolume> volume = volumes.stream().filter(v -> v.id().equals(volumeId)).findFirst();
            if (volume.isEmpty()) {
                return Uni.createFrom().nullItem();
            }
            String attached = volume.get().attachedMachineId();
            Uni<Void> check = attached == null ? Uni.createFrom().voidItem()
                    : driver.get(attached).map(this::ours).replaceWithVoid()
                    .onFailure(e -> e instanceof DriverException d && d.notFound()).recoverWithNull();
            ObservedVolume v = volume.get();
            return check.chain(() -> driver.destroyVolume(volumeId)).replaceWith(new ObservedVolume(v.id(), v.name(),
                    "destroyed", v.sizeGb(), v.region(), null, v.createdAt()));
        });
    }

    /** The one machine a start/stop/suspend/cordon command targets; it must exist and be ours. */
    private Uni<ObservedMachine> target(CommandRequest c) {
        return targets(c).map(machines -> {
            if (machines.isEmpty()) {
                throw DriverException.permanent("not_found", "no machine " + (c.machineId() != null
                        ? c.machineId() : "for worker " + c.workerId()));
            }
            return machines.get(0);
        });
    }

    private Uni<List<ObservedMachine>> targets(CommandRequest c) {
        if (c.machineId() != null) {
            return driver.get(c.machineId()).map(m -> List.of(ours(m)))
                    .onFailure(e -> e instanceof DriverException d && d.notFound()).recoverWithItem(List.of());
        }
        return driver.findByWorker(c.workerId()).map(all -> all.stream().map(this::ours).toList());
    }

    /** Isolation: a machine without our deployment tag is never acted on (cleanup aside). */
    private ObservedMachine ours(ObservedMachine m) {
        if (!m.taggedWith(config.deployment())) {
            throw DriverException.permanent("foreign_machine", "machine " + m.id() + " is not tagged with deployment '"
                    + config.deployment() + "'; refusing to touch it");
        }
        return m;
    }
}
