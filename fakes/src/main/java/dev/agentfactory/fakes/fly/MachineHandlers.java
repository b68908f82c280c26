package dev.agentfactory.fakes.fly;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.fakes.http.HttpRequest;
import dev.agentfactory.fakes.http.HttpResponse;
import dev.agentfactory.fakes.http.Json;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** List, create, get, update and delete machines ({@code /v1/apps/{app}/machines[/{id}]}). */
final class MachineHandlers {

    static final String LEASE_OWNER = "fake-user@agentfactory.dev";
    private static final Pattern REGION = Pattern.compile("[a-z]{3}");

    private final FlyState state;
    private final MachineLifecycle lifecycle;
    private final Faults faults;

    MachineHandlers(FlyState state, MachineLifecycle lifecycle, Faults faults) {
        this.state = state;
        this.lifecycle = lifecycle;
        this.faults = faults;
    }

    HttpResponse list(String appName, HttpRequest request) {
        boolean includeDeleted = FlyRequests.flag(request, "include_deleted");
        String region = request.queryParam("region");
        Map<String, List<String>> query = request.query();
        synchronized (state) {
            ArrayNode result = Json.array();
            for (FakeMachine m : state.app(appName).machines.values()) {
                if ((includeDeleted || !m.state.equals("destroyed"))
                        && (region == null || region.isEmpty() || region.equals(m.region))
                        && metadataMatches(m, query)) {
                    result.add(FlyJson.machine(m));
                }
            }
            return HttpResponse.json(200, result);
        }
    }

    private static boolean metadataMatches(FakeMachine m, Map<String, List<String>> query) {
        for (Map.Entry<String, List<String>> entry : query.entrySet()) {
            if (entry.getKey().startsWith("metadata.")) {
                String actual = m.metadata(entry.getKey().substring("metadata.".length()));
                for (String wanted : entry.getValue()) {
                    if (!wanted.equals(actual)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    HttpResponse create(String appName, HttpRequest request) {
        ObjectNode body = FlyRequests.body(request);
        ObjectNode config = MachineConfigs.normalize(body.get("config"));
        String name = FlyRequests.text(body, "name");
        String region = FlyRequests.text(body, "region");
        boolean skipLaunch = FlyRequests.bool(body, "skip_launch");
        Integer leaseTtl = FlyRequests.integer(body, "lease_ttl");
        if (region != null && !region.isEmpty() && !REGION.matcher(region).matches()) {
            throw FlyException.badRequest("invalid region: " + region);
        }
        synchronized (state) {
            FakeApp app = state.app(appName);
            if (Faults.take(faults.insufficientCapacity)) {
                throw new FlyException(412, "insufficient capacity", "insufficient_capacity");
            }
            name = uniqueName(app, name);
            String volumeId = MachineConfigs.mountedVolume(config);
            String wantedRegion = region == null || region.isEmpty() ? null : region;
            FakeVolume volume = volumeId == null ? null : MachineConfigs.attachable(app, volumeId, null, wantedRegion);
            String placed = wantedRegion != null ? wantedRegion : volume != null ? volume.region : state.defaultRegion();
            FakeMachine m = new FakeMachine(Ids.machineId(), app.name, name, placed, config, state.now());
            if (volume != null) {
                volume.attachedMachineId = m.id;
                m.volumeId = volume.id;
            }
            app.machines.put(m.id, m);
            if (leaseTtl != null && leaseTtl > 0) {
                m.lease = new Lease(Ids.nonce(), LEASE_OWNER, "", state.now().plusSeconds(leaseTtl), Ids.ulid());
            }
            if (!skipLaunch) {
                lifecycle.launch(m);
            }
            ObjectNode json = FlyJson.machine(m);
            if (m.lease != null) {
                json.put("nonce", m.lease.nonce());
            }
            return HttpResponse.json(200, json);
        }
    }

    private static String uniqueName(FakeApp app, String requested) {
        if (requested == null || requested.isEmpty()) {
            String generated;
            do {
                generated = Ids.machineName();
            } while (nameTaken(app, generated));
            return generated;
        }
        if (nameTaken(app, requested)) {
            throw new FlyException(409, "machine name " + requested + " is already taken in app " + app.name, "name_taken");
        }
        return requested;
    }

    private static boolean nameTaken(FakeApp app, String name) {
        return app.machines.values().stream().anyMatch(m -> !m.destroyed() && m.name.equals(name));
    }

    HttpResponse get(String appName, String machineId) {
        synchronized (state) {
            return HttpResponse.json(200, FlyJson.machine(state.app(appName).machine(machineId)));
        }
    }

    /** POST /{id}: replaces the whole config; a running machine restarts on it (new instance_id). */
    HttpResponse update(String appName, String machineId, HttpRequest request) {
        ObjectNode body = FlyRequests.body(request);
        ObjectNode config = MachineConfigs.normalize(body.get("config"));
        boolean skipLaunch = FlyRequests.bool(body, "skip_launch");
        synchronized (state) {
            FakeApp app = state.app(appName);
            FakeMachine m = app.machine(machineId);
            m.checkNotDestroyed();
            m.checkLease(FlyRequests.nonce(request), state.now());
            remount(app, m, MachineConfigs.mountedVolume(config));
            m.config = config;
            m.instanceId = Ids.ulid();
            if (FakeMachine.ACTIVE.contains(m.state) || (!skipLaunch && FakeMachine.STARTABLE.contains(m.state))) {
                lifecycle.start(m, "update");
            } else {
                m.transition(m.state, "update", "user", state.now());
                state.changed();
            }
            return HttpResponse.json(200, FlyJson.machine(m));
        }
    }

    private static void remount(FakeApp app, FakeMachine m, String newVolumeId) {
        if (newVolumeId != null && newVolumeId.equals(m.volumeId)) {
            return;
        }
        FakeVolume next = newVolumeId == null ? null : MachineConfigs.attachable(app, newVolumeId, m, m.region);
        if (m.volumeId != null) {
            FakeVolume old = app.volumes.get(m.volumeId);
            if (old != null && m.id.equals(old.attachedMachineId)) {
                old.attachedMachineId = null;
            }
        }
        m.volumeId = newVolumeId;
        if (next != null) {
            next.attachedMachineId = m.id;
        }
    }

    /** DELETE /{id}: needs force=true (or kill=true) while the machine is active. */
    HttpResponse delete(String appName, String machineId, HttpRequest request) {
        boolean force = FlyRequests.flag(request, "force") || FlyRequests.flag(request, "kill");
        synchronized (state) {
            FakeMachine m = state.app(appName).machine(machineId);
            if (m.state.equals("destroyed")) {
                throw FlyException.notFound("machine not found");
            }
            if (m.state.equals("destroying")) {
                return HttpResponse.json(200, FlyJson.ok());
            }
            m.checkLease(FlyRequests.nonce(request), state.now());
            if (FakeMachine.ACTIVE.contains(m.state) && !force) {
                throw FlyException.precondition("machine still active, refusing to delete");
            }
            lifecycle.destroy(m);
            return HttpResponse.json(200, FlyJson.ok());
        }
    }
}
