package dev.agentfactory.platform.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/**
 * The common envelope of every event on every topic (see deploy/contracts/schemas/envelope.schema.json).
 *
 * @param subject the Kafka key of the record: conversationId, workerId, agentKey, …
 * @param data    the type-specific body, kept as a tree so consumers bind only what they need
 */
public record EventEnvelope(
        UUID eventId,
        String type,
        Instant occurredAt,
        String source,
        String subject,
        int schemaVersion,
        JsonNode data) {

    public <T> T dataAs(Class<T> type) {
        return Json.MAPPER.convertValue(data, type);
    }
}
