package dev.agentfactory.ingress.enqueue;

import dev.agentfactory.ingress.config.IngressConfig;
import dev.agentfactory.platform.config.ServiceConfig;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.event.TimeOrderedIds;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.kafka.KafkaPublisher;
import dev.agentfactory.platform.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes {@code message.enqueued} directly to Kafka and completes only after the broker acknowledged it
 * ({@code acks=all}): that acknowledgement is ingress's commit point, so callers answer success only then.
 * When Kafka does not acknowledge, the caller gets a 503 with {@code Retry-After} and may send again; the
 * deterministic message id keeps the retry from creating a second queue entry.
 */
@ApplicationScoped
public class Enqueuer {

    private static final Logger LOG = Logger.getLogger(Enqueuer.class);

    private final KafkaPublisher publisher;
    private final ServiceConfig service;
    private final RecentMessages recent;
    private final IngressConfig config;
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public Enqueuer(KafkaPublisher publisher, ServiceConfig service, RecentMessages recent, IngressConfig config,
                    MeterRegistry registry) {
        this.publisher = publisher;
        this.service = service;
        this.recent = recent;
        this.config = config;
        this.registry = registry;
    }

    /** True when this instance already had {@code messageId} acknowledged (a cheap duplicate check). */
    public boolean recentlyEnqueued(String messageId) {
        return recent.contains(messageId);
    }

    public Uni<MessageEnqueued> enqueue(MessageEnqueued message) {
        // the envelope of EventFactory, serialized in one pass (no intermediate tree) on this hot path
        Envelope envelope = new Envelope(TimeOrderedIds.next(), MessageEnqueued.TYPE, message.receivedAt(),
                service.name(), message.conversationId(), 1, message);
        return publisher.publish(Topics.MESSAGES_ENQUEUED, message.conversationId(), Json.write(envelope))
                .onFailure().transform(error -> {
                    LOG.warnf("enqueue of %s not acknowledged by Kafka: %s", message.messageId(), error.toString());
                    counter("ingress.enqueue.unavailable", message.origin()).increment();
                    return ProblemException.unavailable("kafka-unavailable",
                            "the message could not be made durable; send it again later", config.retryAfter());
                })
                .map(metadata -> {
                    recent.remember(message.messageId());
                    counter("ingress.enqueue.acknowledged", message.origin()).increment();
                    return message;
                });
    }

    /** Same fields, order and JSON as the platform's EventEnvelope, with the data as a record. */
    record Envelope(UUID eventId, String type, Instant occurredAt, String source, String subject, int schemaVersion,
                    MessageEnqueued data) {
    }

    private Counter counter(String name, String origin) {
        return counters.computeIfAbsent(name + '/' + origin, ignored -> Counter.builder(name)
                .description("Enqueue attempts by outcome").tag("origin", origin).register(registry));
    }
}
