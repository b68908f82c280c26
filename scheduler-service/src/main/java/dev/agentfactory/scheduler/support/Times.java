package dev.agentfactory.scheduler.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;

/** Reading instants out of event data. */
public final class Times {

    private Times() {
    }

    public static Instant at(JsonNode data, String field, Instant fallback) {
        JsonNode value = data.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            return fallback;
        }
        return OffsetDateTime.parse(value.asText()).toInstant();
    }

    public static String text(JsonNode data, String field) {
        JsonNode value = data.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
