package dev.agentfactory.fakes.fly;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Drives machines through their states over time: transient states now, persistent ones after the boot
 * or stop delay. Callers hold the {@link FlyState} monitor; scheduled steps take it themselves and are
 * dropped when a newer user action bumped the machine's generation.
 */
final class MachineLifecycle implements AutoCloseable {

    private final FlyState state;
    private final Faults faults;
    private final ScheduledExecutorService scheduler;
    private volatile long bootDelayMs;
    private volatile long stopDelayMs;

    MachineLifecycle(FlyState state, Faults faults, long bootDelayMs, long stopDelayMs) {
        this.state = state;
        this.faults = faults;
        this.bootDelayMs = bootDelayMs;
        this.stopDelayMs = stopDelayMs;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fake-fly-lifecycle");
            thread.setDaemon(true);
            return thread;
        });
    }

    void bootDelayMs(long millis) {
        bootDelayMs = millis;
    }

    long bootDelayMs() {
        return bootDelayMs;
    }

    /** A just-created machine: stays {@code created} in the response, then starts on its own. */
    void launch(FakeMachine m) {
        long generation = m.nextGeneration();
        later(m, generation, 0, () -> {
            if (m.state.equals("created")) {
                boot(m, "start", generation);
            }
        });
    }

    /** {@code starting} now, {@code started} (or {@code failed}, when injected) after the boot delay. */
    void start(FakeMachine m, String eventType) {
        boot(m, eventType, m.nextGeneration());
    }

    void stop(FakeMachine m) {
        long generation = m.nextGeneration();
        m.transition("stopping", "stop", "user", state.now());
        later(m, generation, stopDelayMs, () -> stopped(m, "stop"));
    }

    void suspend(FakeMachine m) {
        long generation = m.nextGeneration();
        m.transition("suspending", "suspend", "user", state.now());
        later(m, generation, stopDelayMs, () -> m.transition("suspended", "suspend", "flyd", state.now()));
    }

    void destroy(FakeMachine m) {
        long generation = m.nextGeneration();
        m.transition("destroying", "destroy", "user", state.now());
        later(m, generation, stopDelayMs, () -> destroyed(m));
    }

    /** The machine's main process exited: restart per policy, else stopped (destroyed when auto_destroy). */
    void exited(FakeMachine m, int exitCode) {
        String policy = m.config.path("restart").path("policy").asText("");
        boolean restart = policy.equals("always") || (policy.equals("on-failure") && exitCode != 0);
        long generation = m.nextGeneration();
        m.transition("stopped", "exit", "flyd", state.now());
        if (restart) {
            boot(m, "restart", generation);
        } else {
            afterStop(m);
        }
    }

    private void boot(FakeMachine m, String eventType, long generation) {
        m.transition("starting", eventType, "user", state.now());
        later(m, generation, bootDelayMs, () -> {
            boolean fail = Faults.take(faults.failBoots);
            m.transition(fail ? "failed" : "started", fail ? "exit" : "start", "flyd", state.now());
        });
    }

    private void stopped(FakeMachine m, String eventType) {
        m.transition("stopped", eventType, "flyd", state.now());
        afterStop(m);
    }

    private void afterStop(FakeMachine m) {
        if (m.config.path("auto_destroy").asBoolean(false)) {
            m.transition("destroying", "destroy", "flyd", state.now());
            destroyed(m);
        }
    }

    private void destroyed(FakeMachine m) {
        m.transition("destroyed", "destroy", "flyd", state.now());
        m.lease = null;
        if (m.volumeId != null && state.hasApp(m.app)) {
            FakeVolume volume = state.app(m.app).volumes.get(m.volumeId);
            if (volume != null && m.id.equals(volume.attachedMachineId)) {
                volume.attachedMachineId = null;
            }
        }
    }

    private void later(FakeMachine m, long generation, long delayMs, Runnable step) {
        state.changed();
        scheduler.schedule(() -> {
            synchronized (state) {
                if (m.generation == generation) {
                    step.run();
                    state.changed();
                }
            }
        }, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
