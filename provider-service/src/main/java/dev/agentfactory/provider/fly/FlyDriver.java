package dev.agentfactory.provider.fly;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.provider.ProviderConfig;
import dev.agentfactory.provider.driver.DriverException;
import dev.agentfactory.provider.driver.MachineDriver;
import dev.agentfactory.provider.driver.MachineSpec;
import dev.agentfactory.provider.driver.ObservedMachine;
import dev.agentfactory.provider.driver.ObservedVolume;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** {@link MachineDriver} on the Fly Machines API, for the configured app only. */
@ApplicationScoped
@Typed(FlyDriver.class)
public class FlyDriver implements MachineDriver {

    /**
     * States in which a refused stop counts as done. Not {@code suspended}: Fly stops a suspended machine
     * (discarding its snapshot), so a stop refused there has not reached its goal.
     */
    private static final Set<String> STOPPED = Set.of("stopped", "destroyed", "destroying");

    private final FlyApi api;
    private final FlyHttp http;
    private final String app;
    private final ProviderConfig config;

    public FlyDriver(ProviderConfig config, FlyHttp http) {
        this.config = config;
        this.http = http;
        this.app = config.app();
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.fly().apiBaseUrl()))
                .connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(config.fly().waitSeconds() + 15L, TimeUnit.SECONDS)
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(FlyApi.class);
    }

    @Override
    public Uni<Optional<ObservedMachine>> findByCommand(String commandId) {
        return list(Map.of("metadata." + ObservedMachine.COMMAND_ID, commandId))
                .map(machines -> machines.stream().filter(m -> commandId.equals(m.commandId())).findFirst());
    }

    @Override
    public Uni<List<ObservedMachine>> findByWorker(String workerId) {
        return list(Map.of("metadata." + ObservedMachine.WORKER_ID, workerId,
                "metadata." + ObservedMachine.DEPLOYMENT, config.deployment()));
    }

    @Override
    public Uni<ObservedVolume> createVolume(String name, int sizeGb, String region) {
        return http.call("volumes.create", app, false,
                        auth -> api.createVolume(auth, app, FlyJsonMapping.createVolume(name, sizeGb, region)))
                .map(FlyJsonMapping::volume);
    }

    @Override
    public Uni<ObservedMachine> createMachine(MachineSpec spec) {
        return http.call("machines.create", app, false,
                        auth -> api.createMachine(auth, app, FlyJsonMapping.createMachine(spec)))
                .map(FlyJsonMapping::machine);
    }

    @Override
    public Uni<ObservedMachine> awaitStarted(ObservedMachine machine, Duration timeout) {
        return awaitUntil(machine, Goal.STARTED, System.nanoTime() + timeout.toNanos());
    }

    @Override
    public Uni<ObservedMachine> awaitSuspended(ObservedMachine machine, Duration timeout) {
        return awaitUntil(machine, Goal.SUSPENDED, System.nanoTime() + timeout.toNanos());
    }

    /**
     * A state waited for: the states from which the machine will not reach it on its own (a permanent failure)
     * and the code of not reaching it in time (retryable).
     */
    private record Goal(String state, Set<String> deadEnds, String failedCode, String timeoutCode) {
        static final Goal STARTED = new Goal("started", Set.of("failed", "destroyed"), "boot_failed", "boot_timeout");
        static final Goal SUSPENDED = new Goal("suspended", Set.of("failed", "destroyed", "stopped"), "suspend_failed",
                "suspend_timeout");
    }

    private Uni<ObservedMachine> awaitUntil(ObservedMachine machine, Goal goal, long deadline) {
        long leftSeconds = TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime());
        int seconds = (int) Math.max(1, Math.min(config.fly().waitSeconds(), leftSeconds));
        return http.call("machine.wait", scope(machine.id()), true,
                        auth -> api.await(auth, app, machine.id(), goal.state(), seconds, machine.instanceId()))
                .map(ok -> machine.withState(goal.state()))
                .onFailure(e -> e instanceof DriverException d && "timeout".equals(d.code()))
                .recoverWithUni(e -> get(machine.id()).chain(now -> {
                    if (goal.deadEnds().contains(now.state())) {
                        return Uni.createFrom().failure(DriverException.permanent(goal.failedCode(),
                                "machine " + machine.id() + " is " + now.state() + " instead of " + goal.state()));
                    }
                    if (System.nanoTime() >= deadline) {
                        return Uni.createFrom().failure(DriverException.transientFailure(goal.timeoutCode(), "machine "
                                + machine.id() + " still " + now.state() + " after " + goal.timeoutCode()));
                    }
                    return awaitUntil(now, goal, deadline);
                }));
    }

    @Override
    public Uni<ObservedMachine> get(String machineId) {
        return http.call(RateLimits.GET_MACHINE, scope(machineId), true, auth -> api.getMachine(auth, app, machineId))
                .map(FlyJsonMapping::machine);
    }

    @Override
    public Uni<Void> start(String machineId) {
        return act("machine.start", machineId, auth -> api.start(auth, app, machineId), Set.of("started", "starting"));
    }

    @Override
    public Uni<Void> stop(String machineId, String signal, Duration timeout) {
        var body = Json.MAPPER.createObjectNode();
        if (signal != null) {
            body.put("signal", signal);
        }
        if (timeout != null) {
            body.put("timeout", timeout.toSeconds() + "s");
        }
        return act("machine.stop", machineId, auth -> api.stop(auth, app, machineId, body), STOPPED);
    }

    @Override
    public Uni<Void> suspend(String machineId) {
        return act("machine.suspend", machineId, auth -> api.suspend(auth, app, machineId),
                Set.of("suspended", "suspending"));
    }

    @Override
    public Uni<Void> cordon(String machineId) {
        return http.call("machine.cordon", scope(machineId), true, auth -> api.cordon(auth, app, machineId))
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> destroyMachine(String machineId, boolean force) {
        return http.call("machine.delete", scope(machineId), true, auth -> api.deleteMachine(auth, app, machineId, force))
                .replaceWithVoid()
                .onFailure(e -> e instanceof DriverException d && d.notFound()).recoverWithNull()
                .chain(() -> http.call("machine.wait", scope(machineId), true,
                                auth -> api.await(auth, app, machineId, "destroyed", config.fly().waitSeconds(), null))
                        .onFailure(e -> e instanceof DriverException d && d.notFound()).recoverWithNull()
                        .replaceWithVoid());
    }

    @Override
    public Uni<Void> destroyVolume(String volumeId) {
        return http.call("volume.delete", scope(volumeId), true, auth -> api.deleteVolume(auth, app, volumeId))
                .replaceWithVoid()
                .onFailure(e -> e instanceof DriverException d && d.notFound()).recoverWithNull();
    }

    @Override
    public Uni<List<ObservedMachine>> listMachines() {
        return list(Map.of());
    }

    @Override
    public Uni<List<ObservedVolume>> listVolumes() {
        return http.call("volumes.list", app, true, auth -> api.listVolumes(auth, app)).map(json -> {
            List<ObservedVolume> volumes = new ArrayList<>();
            json.forEach(v -> volumes.add(FlyJsonMapping.volume(v)));
            return volumes.stream().filter(v -> !v.state().equals("destroyed")).toList();
        });
    }

    private Uni<List<ObservedMachine>> list(Map<String, String> query) {
        return http.call("machines.list", app, true, auth -> api.listMachines(auth, app, query)).map(json -> {
            List<ObservedMachine> machines = new ArrayList<>();
            for (JsonNode m : json) {
                ObservedMachine machine = FlyJsonMapping.machine(m);
                if (!machine.state().equals("destroyed")) {
                    machines.add(machine);
                }
            }
            return machines;
        });
    }

    /** An idempotent machine action: refused (412) while the machine is already in a {@code goal} state, it is done. */
    private Uni<Void> act(String action, String machineId, Function<String, Uni<Response>> request, Set<String> goal) {
        return http.call(action, scope(machineId), true, request).replaceWithVoid()
                .onFailure(DriverException.class).recoverWithUni(e -> alreadyIn(machineId, (DriverException) e, goal));
    }

    /** A 412 for an action whose goal state the machine is already in counts as done. */
    private Uni<Void> alreadyIn(String machineId, DriverException e, Set<String> states) {
        if (!"failed_precondition".equals(e.code())) {
            return Uni.createFrom().failure(e);
        }
        return get(machineId).chain(m -> states.contains(m.state())
                ? Uni.createFrom().voidItem() : Uni.createFrom().failure(e));
    }

    private String scope(String id) {
        return app + "/" + id;
    }
}
