package dev.agentfactory.fakes.fly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.fakes.http.HttpRequest;
import dev.agentfactory.fakes.http.HttpResponse;
import dev.agentfactory.fakes.http.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Control endpoints for black-box tests and humans (outside {@code /v1}, no auth):
 * <ul>
 *   <li>{@code GET /health}</li>
 *   <li>{@code POST /_faults {rate_limit_burst, retry_after, server_errors, server_error_status,
 *       insufficient_capacity, slow_boot_ms, fail_boots, latency_ms, rate_limiting, clear}} (all optional)</li>
 *   <li>{@code GET /_requests}: the request log</li>
 *   <li>{@code POST /_apps {name, org_slug?}}</li>
 *   <li>{@code POST /_foreign {app, metadata}}: a started machine we did not create</li>
 *   <li>{@code POST /_exit {app, machine_id, exit_code}}: the machine's process exits</li>
 * </ul>
 */
final class FlyAdmin {

    private final FakeFlyMachinesApi api;

    FlyAdmin(FakeFlyMachinesApi api) {
        this.api = api;
    }

    HttpResponse handle(HttpRequest request) {
        return switch (request.method() + " " + request.path()) {
            case "GET /health" -> HttpResponse.json(200, Json.object().put("ok", true));
            case "POST /_faults" -> faults(FlyRequests.body(request));
            case "GET /_requests" -> HttpResponse.json(200, requests());
            case "POST /_apps" -> createApp(FlyRequests.body(request));
            case "POST /_foreign" -> foreign(FlyRequests.body(request));
            case "POST /_exit" -> exit(FlyRequests.body(request));
            default -> throw FlyException.notFound("not found: " + request.method() + " " + request.path());
        };
    }

    private HttpResponse faults(ObjectNode body) {
        if (body.path("clear").asBoolean(false)) {
            api.clearFaults();
        }
        if (body.has("rate_limit_burst")) {
            api.rateLimitBurst(body.get("rate_limit_burst").asInt(), body.path("retry_after").asInt(-1));
        }
        if (body.has("server_errors")) {
            api.serverErrors(body.get("server_errors").asInt(), body.path("server_error_status").asInt(503));
        }
        if (body.has("insufficient_capacity")) {
            api.insufficientCapacity(body.get("insufficient_capacity").asInt());
        }
        if (body.has("slow_boot_ms")) {
            api.slowBoot(body.get("slow_boot_ms").asLong());
        }
        if (body.has("fail_boots")) {
            api.failBoots(body.get("fail_boots").asInt());
        }
        if (body.has("latency_ms")) {
            api.latency(body.get("latency_ms").asLong());
        }
        if (body.has("rate_limiting")) {
            api.rateLimiting(body.get("rate_limiting").asBoolean());
        }
        Faults f = api.faults();
        ObjectNode now = Json.object()
                .put("rate_limit_burst", f.rateLimitBurst.get())
                .put("server_errors", f.serverErrors.get())
                .put("insufficient_capacity", f.insufficientCapacity.get())
                .put("fail_boots", f.failBoots.get())
                .put("latency_ms", f.latencyMs.get());
        return HttpResponse.json(200, now);
    }

    private ArrayNode requests() {
        ArrayNode result = Json.array();
        for (FlyRequestRecord r : api.requestLog()) {
            ObjectNode item = result.addObject().put("at", r.at().toString()).put("method", r.method())
                    .put("path", r.path()).put("query", r.query()).put("action", r.action())
                    .put("scope", r.scope()).put("status", r.status());
            item.put("rejection", r.rejection());
        }
        return result;
    }

    private HttpResponse createApp(ObjectNode body) {
        api.createApp(required(body, "name"), body.path("org_slug").asText(AppHandlers.DEFAULT_ORG));
        return HttpResponse.empty(201);
    }

    private HttpResponse foreign(ObjectNode body) {
        Map<String, String> metadata = new LinkedHashMap<>();
        body.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        MachineView view = api.createForeignMachine(required(body, "app"), metadata);
        return HttpResponse.json(200, Json.object().put("id", view.id()).put("name", view.name()).put("state", view.state()));
    }

    private HttpResponse exit(ObjectNode body) {
        api.simulateExit(required(body, "app"), required(body, "machine_id"), body.path("exit_code").asInt(0));
        return HttpResponse.empty(204);
    }

    private static String required(JsonNode body, String field) {
        String value = body.path(field).asText("");
        if (value.isEmpty()) {
            throw FlyException.badRequest(field + " is required");
        }
        return value;
    }
}
