package dev.agentfactory.platform.consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.Json;

/** Parses a Kafka record value into the envelope; a record that is not an envelope is a poison pill. */
public final class IncomingEvents {

    private IncomingEvents() {
    }

    public static EventEnvelope parse(String value) {
        try {
            EventEnvelope envelope = Json.MAPPER.readValue(value, EventEnvelope.class);
            if (envelope.eventId() == null || envelope.type() == null || envelope.data() == null) {
                throw new MalformedEventException("record is not an event envelope (eventId, type and data are required)");
            }
            return envelope;
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("record is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Thrown for records that can never be processed; the channel's failure strategy dead-letters them. */
    public static final class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message) {
            super(message);
        }
    }
}
