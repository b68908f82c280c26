package dev.agentfactory.provider.local;

import dev.agentfactory.provider.ProviderConfig;
import dev.agentfactory.provider.driver.DriverException;
import dev.agentfactory.provider.driver.MachineDriver;
import dev.agentfactory.provider.driver.MachineSpec;
import dev.agentfactory.provider.driver.ObservedMachine;
import dev.agentfactory.provider.driver.ObservedVolume;
import dev.agentfactory.provider.local.LocalRecords.MachineRecord;
import dev.agentfactory.provider.local.LocalRecords.VolumeRecord;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The embedded driver: a "machine" is a worker process on this host, a "volume" a directory. Observed state
 * comes from process liveness. Blocking work (spawning, file IO, waiting for exit) runs on worker threads.
 */
@ApplicationScoped
@Typed(LocalDriver.class)
public class LocalDriver implements MachineDriver {

    private static final String STARTED = "started";
    private static final String SUSPENDED = "suspended";

    private final String app;
    private final LocalRecords records;
    private final LocalProcesses processes;
    /** Environments of machines started by this process; kept in memory only because they hold secrets. */
    private final Map<String, Map<String, String>> environments = new ConcurrentHashMap<>();

    @Inject
    public LocalDriver(ProviderConfig config) {
        this(config.app(), Path.of(config.local().stateDir()), Arrays.asList(config.local().workerCommand().trim().split("\\s+")),
                Path.of(config.local().workingDir()));
    }

    public LocalDriver(String app, Path stateDir, List<String> command, Path workingDir) {
        this.app = app;
        this.records = new LocalRecords(stateDir);
        this.processes = new LocalProcesses(command, workingDir);
    }

    @Override
    public Uni<Optional<ObservedMachine>> findByCommand(String commandId) {
        return blocking(() -> ours().filter(r -> commandId.equals(r.metadata().get(ObservedMachine.COMMAND_ID)))
                .findFirst().map(this::observe));
    }

    @Override
    public Uni<List<ObservedMachine>> findByWorker(String workerId) {
        return blocking(() -> ours().filter(r -> workerId.equals(r.metadata().get(ObservedMachine.WORKER_ID)))
                .map(this::observe).toList());
    }

    @Override
    public Uni<ObservedVolume> createVolume(String name, int sizeGb, String region) {
        return blocking(() -> {
            String id = "vol_" + hex(8);
            Path dir = records.volumesDir().resolve(id);
            createDirectories(dir);
            VolumeRecord volume = new VolumeRecord(id, name, app, sizeGb, region == null ? "local" : region,
                    dir.toString(), Instant.now());
            records.save(volume);
            return observe(volume);
        });
    }

    @Override
    public Uni<ObservedMachine> createMachine(MachineSpec spec) {
        return blocking(() -> {
            String id = hex(7);
            String volumeDir = null;
            if (spec.volumeId() != null) {
                VolumeRecord volume = records.volume(spec.volumeId()).filter(v -> v.app().equals(app))
                        .orElseThrow(() -> DriverException.permanent("not_found", "volume " + spec.volumeId() + " not found"));
                attachedTo(volume.id()).ifPresent(other -> {
                    throw DriverException.permanent("failed_precondition", "volume " + volume.id()
                            + " is already attached to machine " + other);
                });
                volumeDir = volume.dir();
            }
            Map<String, String> env = new HashMap<>(spec.env());
            env.put("AF_MACHINE_ID", id);
            Optional.ofNullable(spec.metadata().get(ObservedMachine.WORKER_ID)).ifPresent(w -> env.put("AF_WORKER_ID", w));
            if (volumeDir != null) {
                env.put("AF_WORK_DIR", volumeDir); // the reference worker's "volume" (its env contract)
            }
            MachineRecord record = new MachineRecord(id, "local-" + id, app, 0, null, "local", spec.volumeId(),
                    volumeDir, false, STARTED, Map.copyOf(spec.metadata()), Instant.now());
            environments.put(id, Map.copyOf(env));
            return observe(launch(record));
        });
    }

    @Override
    public Uni<ObservedMachine> awaitStarted(ObservedMachine machine, Duration timeout) {
        return get(machine.id()).map(m -> {
            if (!m.state().equals(STARTED)) {
                throw DriverException.permanent("boot_failed", "process of machine " + m.id() + " is " + m.state());
            }
            return m;
        });
    }

    /** SIGSTOP takes effect asynchronously: waits (polling {@code /proc} where there is one) until it has. */
    @Override
    public Uni<ObservedMachine> awaitSuspended(ObservedMachine machine, Duration timeout) {
        return blocking(() -> {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                MachineRecord record = record(machine.id());
                ObservedMachine now = observe(record);
                if (!now.state().equals(SUSPENDED)) {
                    throw DriverException.permanent("suspend_failed", "machine " + machine.id() + " is " + now.state()
                            + " instead of suspended");
                }
                if (LocalProcesses.frozen(record.pid()).orElse(true)) {
                    return now;
                }
                if (System.nanoTime() >= deadline) {
                    throw DriverException.transientFailure("suspend_timeout", "process " + record.pid() + " of machine "
                            + machine.id() + " not stopped after the suspend timeout");
                }
                sleep(Duration.ofMillis(20));
            }
        });
    }

    @Override
    public Uni<ObservedMachine> get(String machineId) {
        return blocking(() -> observe(record(machineId)));
    }

    /** Continues a suspended process (SIGCONT, no environment needed), relaunches a dead one. */
    @Override
    public Uni<Void> start(String machineId) {
        return blocking(() -> {
            MachineRecord record = record(machineId);
            Optional<ProcessHandle> alive = LocalProcesses.alive(record.pid(), record.processStart());
            if (alive.isPresent() && record.desiredState().equals(SUSPENDED)) {
                LocalProcesses.resume(alive.get());
                records.save(record.with(record.pid(), record.processStart(), STARTED));
            } else if (alive.isEmpty()) {
                if (!environments.containsKey(machineId)) {
                    throw DriverException.permanent("env_unknown", "machine " + machineId
                            + " was started before this provider restarted; its environment is gone, create a new one");
                }
                launch(record);
            }
            return null;
        });
    }

    @Override
    public Uni<Void> stop(String machineId, String signal, Duration timeout) {
        return blocking(() -> {
            MachineRecord current = record(machineId);
            MachineRecord record = current.with(current.pid(), current.processStart(), "stopped");
            records.save(record);
            LocalProcesses.alive(record.pid(), record.processStart()).ifPresent(h -> LocalProcesses.stop(h, signal,
                    timeout == null ? Duration.ofSeconds(10) : timeout, current.desiredState().equals(SUSPENDED)));
            return null;
        });
    }

    /** SIGSTOP to the worker process (and its children): frozen with its memory until start sends SIGCONT. */
    @Override
    public Uni<Void> suspend(String machineId) {
        return blocking(() -> {
            MachineRecord record = record(machineId);
            if (record.desiredState().equals(SUSPENDED)) {
                return null;
            }
            ProcessHandle process = LocalProcesses.alive(record.pid(), record.processStart())
                    .filter(h -> record.desiredState().equals(STARTED))
                    .orElseThrow(() -> DriverException.permanent("failed_precondition", "cannot suspend machine "
                            + machineId + ": it is " + observe(record).state()));
            LocalProcesses.freeze(process);
            records.save(record.with(record.pid(), record.processStart(), SUSPENDED));
            return null;
        });
    }

    @Override
    public Uni<Void> cordon(String machineId) {
        return blocking(() -> {
            records.save(record(machineId).cordon());
            return null;
        });
    }

    @Override
    public Uni<Void> destroyMachine(String machineId, boolean force) {
        return blocking(() -> {
            Optional<MachineRecord> found = records.machine(machineId).filter(r -> r.app().equals(app));
            if (found.isEmpty()) {
                return null;
            }
            MachineRecord record = found.get();
            Optional<ProcessHandle> alive = LocalProcesses.alive(record.pid(), record.processStart());
            if (alive.isPresent() && !force) {
                throw DriverException.permanent("failed_precondition", "machine " + machineId + " is running; destroy with force");
            }
            alive.ifPresent(h -> LocalProcesses.stop(h, "SIGKILL", Duration.ofSeconds(5),
                    record.desiredState().equals(SUSPENDED)));
            records.deleteMachine(machineId);
            environments.remove(machineId);
            return null;
        });
    }

    @Override
    public Uni<Void> destroyVolume(String volumeId) {
        return blocking(() -> {
            Optional<VolumeRecord> volume = records.volume(volumeId).filter(v -> v.app().equals(app));
            if (volume.isEmpty()) {
                return null;
            }
            attachedTo(volumeId).ifPresent(machine -> {
                throw DriverException.permanent("failed_precondition", "volume " + volumeId
                        + " is attached to machine " + machine + "; destroy the machine first");
            });
            deleteTree(Path.of(volume.get().dir()));
            records.deleteVolume(volumeId);
            return null;
        });
    }

    @Override
    public Uni<List<ObservedMachine>> listMachines() {
        return blocking(() -> ours().map(this::observe).toList());
    }

    @Override
    public Uni<List<ObservedVolume>> listVolumes() {
        return blocking(() -> records.volumes().stream().filter(v -> v.app().equals(app)).map(this::observe).toList());
    }

    private MachineRecord launch(MachineRecord record) {
        ProcessHandle handle = processes.start(environments.getOrDefault(record.id(), Map.of()), records.logFile(record.id()));
        MachineRecord started = record.with(handle.pid(), LocalProcesses.startInstant(handle), STARTED);
        records.save(started);
        return started;
    }

    private Stream<MachineRecord> ours() {
        return records.machines().stream().filter(r -> r.app().equals(app));
    }

    private MachineRecord record(String machineId) {
        return records.machine(machineId).filter(r -> r.app().equals(app))
                .orElseThrow(() -> DriverException.permanent("not_found", "machine " + machineId + " not found"));
    }

    private Optional<String> attachedTo(String volumeId) {
        return ours().filter(r -> volumeId.equals(r.volumeId())).map(MachineRecord::id).findFirst();
    }

    private ObservedMachine observe(MachineRecord r) {
        boolean alive = LocalProcesses.alive(r.pid(), r.processStart()).isPresent();
        String state = !alive ? "stopped" : switch (r.desiredState()) {
            case "stopped" -> "stopping";
            case SUSPENDED -> SUSPENDED;
            default -> STARTED;
        };
        return new ObservedMachine(r.id(), r.name(), state, r.region(), r.pid() > 0 ? Long.toString(r.pid()) : null,
                r.volumeId(), r.cordoned(), r.createdAt(), r.metadata());
    }

    private ObservedVolume observe(VolumeRecord v) {
        return new ObservedVolume(v.id(), v.name(), "created", v.sizeGb(), v.region(), attachedTo(v.id()).orElse(null),
                v.createdAt());
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> Uni<T> blocking(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
