package dev.agentfactory.fakes.fly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.fakes.http.HttpRequest;
import dev.agentfactory.fakes.http.Json;

/** Small parsing helpers shared by the handlers; bad input becomes a 400. */
final class FlyRequests {

    static final String NONCE_HEADER = "fly-machine-lease-nonce";

    private FlyRequests() {
    }

    /** The JSON object body, or an empty object when there is no body. */
    static ObjectNode body(HttpRequest request) {
        if (!request.hasBody()) {
            return Json.object();
        }
        JsonNode node;
        try {
            node = request.jsonBody();
        } catch (IllegalArgumentException e) {
            throw FlyException.badRequest("invalid JSON body: " + e.getMessage());
        }
        if (!node.isObject()) {
            throw FlyException.badRequest("json: cannot unmarshal " + node.getNodeType().name().toLowerCase() + " into an object");
        }
        return (ObjectNode) node;
    }

    /** Optional string field; a non-string is a 400. */
    static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw FlyException.badRequest("json: " + field + " must be a string");
        }
        return node.asText();
    }

    /** Optional integer field; a non-integer is a 400. */
    static Integer integer(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw FlyException.badRequest("json: " + field + " must be an integer");
        }
        return node.asInt();
    }

    static boolean bool(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw FlyException.badRequest("json: " + field + " must be a boolean");
        }
        return node.asBoolean();
    }

    /** Seconds from {@code 10}, {@code "10"} or {@code "10s"}; null when blank; a 400 when unparsable. */
    static Integer seconds(String value, String what) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String digits = value.trim().endsWith("s") ? value.trim().substring(0, value.trim().length() - 1) : value.trim();
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw FlyException.badRequest("invalid " + what + ": " + value);
        }
    }

    static boolean flag(HttpRequest request, String param) {
        return "true".equalsIgnoreCase(request.queryParam(param)) || "1".equals(request.queryParam(param));
    }

    static String nonce(HttpRequest request) {
        return request.header(NONCE_HEADER);
    }
}
