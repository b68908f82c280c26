package dev.agentfactory.fakes.fly;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.fakes.http.HttpRequest;
import dev.agentfactory.fakes.http.HttpResponse;
import dev.agentfactory.fakes.http.Json;
import java.util.regex.Pattern;

/** {@code /v1/apps/{app}/volumes[/{id}[/extend|/snapshots]]}. */
final class VolumeHandlers {

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,30}");
    private static final int MAX_SIZE_GB = 500;

    private final FlyState state;

    VolumeHandlers(FlyState state) {
        this.state = state;
    }

    /** Volumes of the app, destroyed ones left out. */
    HttpResponse list(String appName) {
        synchronized (state) {
            ArrayNode result = Json.array();
            state.app(appName).volumes.values().stream().filter(v -> !v.destroyed())
                    .forEach(v -> result.add(FlyJson.volume(v)));
            return HttpResponse.json(200, result);
        }
    }

    HttpResponse create(String appName, HttpRequest request) {
        ObjectNode body = FlyRequests.body(request);
        String name = FlyRequests.text(body, "name");
        if (name == null || !NAME.matcher(name).matches()) {
            throw FlyException.badRequest("invalid name: volume names are 1-30 lowercase letters, digits and underscores");
        }
        String region = FlyRequests.text(body, "region");
        Integer size = FlyRequests.integer(body, "size_gb");
        int sizeGb = size == null ? 3 : size;
        if (sizeGb < 1 || sizeGb > MAX_SIZE_GB) {
            throw FlyException.badRequest("invalid size_gb: must be between 1 and " + MAX_SIZE_GB);
        }
        boolean encrypted = !body.has("encrypted") || FlyRequests.bool(body, "encrypted");
        Integer retention = FlyRequests.integer(body, "snapshot_retention");
        synchronized (state) {
            FakeApp app = state.app(appName);
            FakeVolume volume = new FakeVolume(Ids.volumeId(), app.name, name,
                    region == null || region.isEmpty() ? state.defaultRegion() : region,
                    sizeGb, encrypted, retention == null ? 5 : retention, state.now());
            app.volumes.put(volume.id, volume);
            return HttpResponse.json(200, FlyJson.volume(volume));
        }
    }

    HttpResponse get(String appName, String volumeId) {
        synchronized (state) {
            return HttpResponse.json(200, FlyJson.volume(state.app(appName).volume(volumeId)));
        }
    }

    /** Destroys a volume that no live machine mounts; answers the volume with state destroyed. */
    HttpResponse delete(String appName, String volumeId) {
        synchronized (state) {
            FakeVolume volume = state.app(appName).volume(volumeId);
            if (volume.destroyed()) {
                throw FlyException.notFound("volume not found");
            }
            if (volume.attachedMachineId != null) {
                throw FlyException.precondition("volume " + volumeId + " is attached to machine "
                        + volume.attachedMachineId + "; destroy the machine first");
            }
            volume.state = "destroyed";
            return HttpResponse.json(200, FlyJson.volume(volume));
        }
    }

    /** PUT extend {@code {size_gb}}: grow only. */
    HttpResponse extend(String appName, String volumeId, HttpRequest request) {
        Integer size = FlyRequests.integer(FlyRequests.body(request), "size_gb");
        synchronized (state) {
            FakeVolume volume = state.app(appName).volume(volumeId);
            if (volume.destroyed()) {
                throw FlyException.precondition("volume " + volumeId + " is destroyed");
            }
            if (size == null || size <= volume.sizeGb || size > MAX_SIZE_GB) {
                throw FlyException.badRequest("invalid size_gb: volumes can only grow (current " + volume.sizeGb
                        + " GB, max " + MAX_SIZE_GB + ")");
            }
            volume.sizeGb = size;
            ObjectNode result = Json.object();
            result.set("volume", FlyJson.volume(volume));
            result.put("needs_restart", false);
            return HttpResponse.json(200, result);
        }
    }

    HttpResponse snapshots(String appName, String volumeId) {
        synchronized (state) {
            state.app(appName).volume(volumeId);
            return HttpResponse.json(200, Json.array());
        }
    }
}
