package dev.agentfactory.fakes.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response to write back.
 *
 * @param status  HTTP status
 * @param headers extra headers (Content-Type is set from the body kind)
 * @param body    body bytes; empty means no body
 * @param contentType content type of the body, or null when there is none
 */
public record HttpResponse(int status, Map<String, String> headers, byte[] body, String contentType) {

    private static final String JSON = "application/json; charset=utf-8";

    public static HttpResponse json(int status, JsonNode node) {
        return new HttpResponse(status, Map.of(), Json.bytes(node), JSON);
    }

    public static HttpResponse text(int status, String text) {
        return new HttpResponse(status, Map.of(), text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    public static HttpResponse empty(int status) {
        return new HttpResponse(status, Map.of(), new byte[0], null);
    }

    /** A copy with one more header. */
    public HttpResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpResponse(status, copy, body, contentType);
    }
}
