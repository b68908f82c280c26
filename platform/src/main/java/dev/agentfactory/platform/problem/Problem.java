package dev.agentfactory.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem detail. {@code violations} lists every invalid field of a rejected request, so a
 * client can fix all of them in one go.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://agentfactory.dev/problems/";

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, List.of());
    }

    /** A body that is not the JSON its endpoint reads. */
    public static Problem malformedJson(String detail) {
        return of(400, "malformed-json", "Malformed JSON", detail);
    }

    public static Problem invalid(String detail, List<Violation> violations) {
        return new Problem(TYPE_BASE + "validation", "Invalid request", 400, detail, violations);
    }

    public record Violation(String field, String message) {
    }
}
