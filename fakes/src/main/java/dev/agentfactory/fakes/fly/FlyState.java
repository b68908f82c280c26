package dev.agentfactory.fakes.fly;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All apps, machines and volumes. This object is the one monitor: handlers and scheduled
 * transitions synchronize on it, and the wait endpoint waits on it ({@link #changed()} wakes waiters).
 */
final class FlyState {

    private final Clock clock;
    private final String defaultRegion;
    private final Map<String, FakeApp> apps = new LinkedHashMap<>();

    FlyState(Clock clock, String defaultRegion) {
        this.clock = clock;
        this.defaultRegion = defaultRegion;
    }

    Instant now() {
        return clock.instant();
    }

    Clock clock() {
        return clock;
    }

    String defaultRegion() {
        return defaultRegion;
    }

    /** The app or a 404. Caller holds the monitor. */
    FakeApp app(String name) {
        FakeApp app = apps.get(name);
        if (app == null) {
            throw FlyException.notFound("app not found");
        }
        return app;
    }

    /** A machine the caller may change: not destroyed, and {@code nonce} matches any active lease. */
    FakeMachine mutableMachine(String appName, String machineId, String nonce) {
        FakeMachine machine = app(appName).machine(machineId);
        machine.checkNotDestroyed();
        machine.checkLease(nonce, now());
        return machine;
    }

    /** Creates an app; a 422 when the name is taken. Caller holds the monitor. */
    FakeApp createApp(String name, String orgSlug) {
        if (apps.containsKey(name)) {
            throw FlyException.unprocessable("app name " + name + " is already taken");
        }
        FakeApp app = new FakeApp(name, orgSlug);
        apps.put(name, app);
        return app;
    }

    boolean hasApp(String name) {
        return apps.containsKey(name);
    }

    void deleteApp(String name) {
        apps.remove(app(name).name);
        changed();
    }

    List<FakeApp> apps() {
        return new ArrayList<>(apps.values());
    }

    /** Wakes everyone waiting for a state change. Caller holds the monitor. */
    void changed() {
        notifyAll();
    }
}
