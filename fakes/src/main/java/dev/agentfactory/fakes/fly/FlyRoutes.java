package dev.agentfactory.fakes.fly;

import java.util.Arrays;
import java.util.List;

/** Maps method and path segments below {@code /v1} to a {@link FlyRoute}; null when nothing matches. */
final class FlyRoutes {

    private final AppHandlers apps;
    private final MachineHandlers machines;
    private final MachineActions actions;
    private final LeaseHandlers leases;
    private final MetadataHandlers metadata;
    private final VolumeHandlers volumes;

    FlyRoutes(FlyState state, MachineLifecycle lifecycle, Faults faults) {
        this.apps = new AppHandlers(state);
        this.machines = new MachineHandlers(state, lifecycle, faults);
        this.actions = new MachineActions(state, lifecycle);
        this.leases = new LeaseHandlers(state);
        this.metadata = new MetadataHandlers(state);
        this.volumes = new VolumeHandlers(state);
    }

    /** Segments of a path below {@code /v1}, e.g. {@code [apps, a, machines]}. */
    static List<String> segments(String path) {
        return Arrays.stream(path.substring("/v1".length()).split("/")).filter(s -> !s.isEmpty()).toList();
    }

    FlyRoute resolve(String method, List<String> s) {
        if (s.isEmpty() || !s.get(0).equals("apps")) {
            return null;
        }
        if (s.size() == 1) {
            return switch (method) {
                case "GET" -> new FlyRoute("apps.list", "org", apps::list);
                case "POST" -> new FlyRoute("apps.create", "org", apps::create);
                default -> null;
            };
        }
        String app = s.get(1);
        if (s.size() == 2) {
            return switch (method) {
                case "GET" -> new FlyRoute("app.get", app, r -> apps.get(app));
                case "DELETE" -> new FlyRoute("app.delete", app, r -> apps.delete(app));
                default -> null;
            };
        }
        List<String> rest = s.subList(3, s.size());
        return switch (s.get(2)) {
            case "machines" -> machineRoute(method, app, rest);
            case "volumes" -> volumeRoute(method, app, rest);
            default -> null;
        };
    }

    private FlyRoute machineRoute(String method, String app, List<String> rest) {
        if (rest.isEmpty()) {
            return switch (method) {
                case "GET" -> new FlyRoute("machines.list", app, r -> machines.list(app, r));
                case "POST" -> new FlyRoute("machines.create", app, r -> machines.create(app, r));
                default -> null;
            };
        }
        String id = rest.get(0);
        String scope = app + "/" + id;
        if (rest.size() == 1) {
            return switch (method) {
                case "GET" -> new FlyRoute(RateLimiter.GET_MACHINE, scope, r -> machines.get(app, id));
                case "POST" -> new FlyRoute("machine.update", scope, r -> machines.update(app, id, r));
                case "DELETE" -> new FlyRoute("machine.delete", scope, r -> machines.delete(app, id, r));
                default -> null;
            };
        }
        if (rest.size() == 3 && rest.get(1).equals("metadata")) {
            String key = rest.get(2);
            return switch (method) {
                case "POST" -> new FlyRoute("machine.metadata.set", scope, r -> metadata.set(app, id, key, r));
                case "DELETE" -> new FlyRoute("machine.metadata.delete", scope, r -> metadata.delete(app, id, key, r));
                default -> null;
            };
        }
        if (rest.size() != 2) {
            return null;
        }
        return switch (method + " " + rest.get(1)) {
            case "POST start" -> new FlyRoute("machine.start", scope, r -> actions.start(app, id, r));
            case "POST stop" -> new FlyRoute("machine.stop", scope, r -> actions.stop(app, id, r));
            case "POST suspend" -> new FlyRoute("machine.suspend", scope, r -> actions.suspend(app, id, r));
            case "GET wait" -> new FlyRoute("machine.wait", scope, r -> actions.await(app, id, r));
            case "POST cordon" -> new FlyRoute("machine.cordon", scope, r -> actions.cordon(app, id, r, true));
            case "POST uncordon" -> new FlyRoute("machine.uncordon", scope, r -> actions.cordon(app, id, r, false));
            case "GET events" -> new FlyRoute("machine.events", scope, r -> actions.events(app, id));
            case "POST lease" -> new FlyRoute("machine.lease.acquire", scope, r -> leases.acquire(app, id, r));
            case "GET lease" -> new FlyRoute("machine.lease.get", scope, r -> leases.get(app, id));
            case "DELETE lease" -> new FlyRoute("machine.lease.release", scope, r -> leases.release(app, id, r));
            case "GET metadata" -> new FlyRoute("machine.metadata.get", scope, r -> metadata.get(app, id));
            default -> null;
        };
    }

    private FlyRoute volumeRoute(String method, String app, List<String> rest) {
        if (rest.isEmpty()) {
            return switch (method) {
                case "GET" -> new FlyRoute("volumes.list", app, r -> volumes.list(app));
                case "POST" -> new FlyRoute("volumes.create", app, r -> volumes.create(app, r));
                default -> null;
            };
        }
        String id = rest.get(0);
        String scope = app + "/" + id;
        String call = method + " " + (rest.size() == 1 ? "" : rest.get(1));
        if (rest.size() > 2) {
            return null;
        }
        return switch (call) {
            case "GET " -> new FlyRoute("volume.get", scope, r -> volumes.get(app, id));
            case "DELETE " -> new FlyRoute("volume.delete", scope, r -> volumes.delete(app, id));
            case "PUT extend" -> new FlyRoute("volume.extend", scope, r -> volumes.extend(app, id, r));
            case "GET snapshots" -> new FlyRoute("volume.snapshots", scope, r -> volumes.snapshots(app, id));
            default -> null;
        };
    }
}
