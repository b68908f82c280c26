package dev.agentfactory.provider.driver;

import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Executes machine and volume operations against one provider app (the configured one). Failures are
 * {@link DriverException}s that say whether a retry may help. Implementations: Fly Machines API, local processes.
 */
public interface MachineDriver {

    /** The machine created for a command (found by its commandId tag), if any. */
    Uni<Optional<ObservedMachine>> findByCommand(String commandId);

    /** The machines tagged with a worker. */
    Uni<List<ObservedMachine>> findByWorker(String workerId);

    Uni<ObservedVolume> createVolume(String name, int sizeGb, String region);

    /** Creates (and launches) a machine; returns as soon as the provider accepted it. */
    Uni<ObservedMachine> createMachine(MachineSpec spec);

    /** Waits until the machine is started; fails with a retryable error after {@code timeout}. */
    Uni<ObservedMachine> awaitStarted(ObservedMachine machine, Duration timeout);

    /** Waits until the machine is suspended; fails with a retryable error after {@code timeout}. */
    Uni<ObservedMachine> awaitSuspended(ObservedMachine machine, Duration timeout);

    Uni<ObservedMachine> get(String machineId);

    Uni<Void> start(String machineId);

    Uni<Void> stop(String machineId, String signal, Duration timeout);

    /** Freezes a started machine (memory kept) for a later {@link #start}; already suspended counts as done. */
    Uni<Void> suspend(String machineId);

    Uni<Void> cordon(String machineId);

    Uni<Void> destroyMachine(String machineId, boolean force);

    Uni<Void> destroyVolume(String volumeId);

    /** Every machine of the app (ours and foreign), destroyed ones excluded. */
    Uni<List<ObservedMachine>> listMachines();

    /** Every volume of the app, destroyed ones excluded. */
    Uni<List<ObservedVolume>> listVolumes();
}
