package dev.agentfactory.fakes.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.agentfactory.fakes.http.HttpRequest;
import dev.agentfactory.fakes.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Method parameters merged from the query string and a JSON or form-urlencoded body, as Telegram does. */
final class TelegramParams {

    private final ObjectNode values;

    private TelegramParams(ObjectNode values) {
        this.values = values;
    }

    static TelegramParams of(HttpRequest request) {
        ObjectNode values = Json.object();
        putAll(values, request.query());
        if (request.hasBody()) {
            String type = request.mediaType();
            if (type.equals("application/json")) {
                JsonNode body;
                try {
                    body = request.jsonBody();
                } catch (IllegalArgumentException e) {
                    throw TelegramException.badRequest("can't parse JSON object");
                }
                if (!body.isObject()) {
                    throw TelegramException.badRequest("can't parse JSON object");
                }
                values.setAll((ObjectNode) body);
            } else if (type.equals("application/x-www-form-urlencoded") || type.isEmpty()) {
                putAll(values, HttpRequest.parseForm(request.bodyText()));
            } else {
                throw TelegramException.badRequest("unsupported content type " + type + " in this fake");
            }
        }
        return new TelegramParams(values);
    }

    private static void putAll(ObjectNode target, Map<String, List<String>> form) {
        form.forEach((k, v) -> target.set(k, TextNode.valueOf(v.get(v.size() - 1))));
    }

    boolean has(String name) {
        JsonNode node = values.get(name);
        return node != null && !node.isNull();
    }

    /** The parameter as text (numbers are rendered), or null when absent. */
    String text(String name) {
        JsonNode node = values.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /** An integer parameter, or {@code fallback} when absent; a non-number is a 400. */
    int integer(String name, int fallback) {
        String text = text(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw TelegramException.badRequest("field \"" + name + "\" must be a Number");
        }
    }

    /** A list of strings given as a JSON array or as JSON-encoded text (form posts). */
    List<String> stringList(String name) {
        JsonNode node = values.get(name);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isTextual()) {
            try {
                node = Json.parse(node.asText());
            } catch (IllegalArgumentException e) {
                throw TelegramException.badRequest("can't parse " + name + " JSON array");
            }
        }
        if (!node.isArray()) {
            throw TelegramException.badRequest("can't parse " + name + " JSON array");
        }
        List<String> result = new ArrayList<>();
        node.forEach(item -> result.add(item.asText()));
        return List.copyOf(result);
    }
}
