package dev.agentfactory.queue.ingest;

import dev.agentfactory.platform.consumer.IncomingEvents;
import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies {@code message.enqueued}. The record is acknowledged (and its offset later committed) only after the
 * transaction that stored it committed; a redelivery finds the message id and changes nothing. A record that
 * can never be stored fails and goes to the channel's dead-letter topic.
 */
@ApplicationScoped
public class EnqueuedConsumer {

    static final String TYPE = "message.enqueued";

    private final EnqueueStore store;

    public EnqueuedConsumer(EnqueueStore store) {
        this.store = store;
    }

    @Incoming(Topics.CHANNEL_MESSAGES_ENQUEUED)
    public Uni<Void> consume(String record) {
        EventEnvelope envelope = IncomingEvents.parse(record);
        if (!TYPE.equals(envelope.type())) {
            return Uni.createFrom().voidItem(); // other types on this topic are not ours to apply
        }
        EnqueuedMessage message = envelope.dataAs(EnqueuedMessage.class);
        String defect = message.defect();
        if (defect != null) {
            throw new IncomingEvents.MalformedEventException("event " + envelope.eventId() + ": " + defect);
        }
        return store.enqueue(message).replaceWithVoid();
    }
}
