package dev.agentfactory.provider.fly;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.provider.driver.DriverException;

import java.time.Duration;

/** Turns a Machines API error answer ({@code {"error": "...", "status": "<code>"}}) into a {@link DriverException}. */
final class FlyErrors {

    private FlyErrors() {
    }

    static DriverException of(String action, int status, String body, Duration retryAfter) {
        String message = body;
        String code = null;
        try {
            JsonNode json = Json.read(body, JsonNode.class);
            message = json.path("error").asText(body);
            code = json.hasNonNull("status") ? json.get("status").asText() : null;
        } catch (RuntimeException ignored) {
            // not JSON: keep the raw body
        }
        String detail = action + ": HTTP " + status + (message == null || message.isBlank() ? "" : ": " + message);
        if ("insufficient_capacity".equals(code) || (message != null && message.contains("insufficient capacity"))) {
            return new DriverException("insufficient_capacity", detail, true, retryAfter, status);
        }
        return switch (status) {
            case 429 -> new DriverException("rate_limited", detail, true, retryAfter, status);
            case 408 -> new DriverException("timeout", detail, true, retryAfter, status);
            case 409 -> new DriverException(code != null ? code : "conflict", detail, true, retryAfter, status);
            case 404 -> new DriverException("not_found", detail, false, null, status);
            case 401, 403 -> new DriverException("unauthorized", detail, false, null, status);
            case 412 -> new DriverException("failed_precondition", detail, false, null, status);
            default -> status >= 500
                    ? new DriverException("http_" + status, detail, true, retryAfter, status)
                    : new DriverException(code != null ? code : "http_" + status, detail, false, null, status);
        };
    }
}
