package dev.agentfactory.platform.event;

import dev.agentfactory.platform.config.ServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;

/** Wraps a data record in the envelope, stamped with this service as the source. */
@ApplicationScoped
public class EventFactory {

    private final ServiceConfig service;
    private final Clock clock;

    public EventFactory(ServiceConfig service) {
        this.service = service;
        this.clock = Clock.systemUTC();
    }

    public EventEnvelope create(String type, String subject, Object data) {
        return create(type, subject, data, Instant.now(clock));
    }

    public EventEnvelope create(String type, String subject, Object data, Instant occurredAt) {
        return new EventEnvelope(TimeOrderedIds.next(), type, occurredAt, service.name(), subject, 1,
                Json.MAPPER.valueToTree(data));
    }
}
