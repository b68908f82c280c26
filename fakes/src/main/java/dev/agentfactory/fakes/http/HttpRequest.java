package dev.agentfactory.fakes.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;

/**
 * One received request, detached from the JDK exchange so handlers stay testable.
 *
 * @param method  upper-case HTTP method
 * @param path    decoded path without the query
 * @param rawQuery the query string as received, "" when none
 * @param query   decoded query parameters in arrival order
 * @param headers header values keyed by lower-case name
 * @param body    raw body bytes (empty when none)
 */
public record HttpRequest(String method, String path, String rawQuery, Map<String, List<String>> query,
                          Map<String, List<String>> headers, byte[] body) {

    /** First value of a query parameter, or null. */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** First value of a header (case-insensitive), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase());
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean hasBody() {
        return body.length > 0 && !bodyText().isBlank();
    }

    /** The body as JSON; throws {@link IllegalArgumentException} when it is not JSON. */
    public JsonNode jsonBody() {
        return Json.parse(bodyText());
    }

    /** Media type of the body without parameters, lower case, or "" when absent. */
    public String mediaType() {
        String type = header("content-type");
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase();
    }

    /** Parses {@code a=1&b=2} (query strings and form bodies) into an ordered multi-map. */
    public static Map<String, List<String>> parseForm(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            result.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return result;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
