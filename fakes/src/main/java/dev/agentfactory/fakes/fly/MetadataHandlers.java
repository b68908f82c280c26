package dev.agentfactory.fakes.fly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.fakes.http.HttpRequest;
import dev.agentfactory.fakes.http.HttpResponse;
import dev.agentfactory.fakes.http.Json;

/** {@code /machines/{id}/metadata[/{key}]}: the flat string map kept in {@code config.metadata}. */
final class MetadataHandlers {

    private final FlyState state;

    MetadataHandlers(FlyState state) {
        this.state = state;
    }

    HttpResponse get(String app, String id) {
        synchronized (state) {
            JsonNode metadata = state.app(app).machine(id).config.path("metadata");
            return HttpResponse.json(200, metadata.isObject() ? metadata.deepCopy() : Json.object());
        }
    }

    /** POST {@code {"value": "..."}}: 204. */
    HttpResponse set(String app, String id, String key, HttpRequest request) {
        String value = FlyRequests.text(FlyRequests.body(request), "value");
        if (value == null) {
            throw FlyException.badRequest("value is required");
        }
        synchronized (state) {
            FakeMachine m = state.mutableMachine(app, id, FlyRequests.nonce(request));
            JsonNode metadata = m.config.path("metadata");
            ObjectNode map = metadata.isObject() ? (ObjectNode) metadata : m.config.putObject("metadata");
            map.put(key, value);
            m.updatedAt = state.now();
            return HttpResponse.empty(204);
        }
    }

    HttpResponse delete(String app, String id, String key, HttpRequest request) {
        synchronized (state) {
            FakeMachine m = state.mutableMachine(app, id, FlyRequests.nonce(request));
            JsonNode metadata = m.config.path("metadata");
            if (metadata.isObject()) {
                ((ObjectNode) metadata).remove(key);
            }
            m.updatedAt = state.now();
            return HttpResponse.empty(204);
        }
    }
}
