package dev.agentfactory.queue.event;

import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.EventFactory;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Appends {@code queue.message.*} events to the event log in the caller's transaction. */
@ApplicationScoped
public class LifecycleEvents {

    public static final String ENQUEUED = "queue.message.enqueued";
    public static final String CLAIMED = "queue.message.claimed";
    public static final String LEASE_EXPIRED = "queue.message.lease-expired";
    public static final String COMPLETED = "queue.message.completed";
    public static final String FAILED = "queue.message.failed";
    public static final String RETRY_SCHEDULED = "queue.message.retry-scheduled";
    public static final String DEAD_LETTERED = "queue.message.dead-lettered";
    public static final String REDRIVEN = "queue.message.redriven";

    private final EventFactory events;
    private final Outbox outbox;

    public LifecycleEvents(EventFactory events, Outbox outbox) {
        this.events = events;
        this.outbox = outbox;
    }

    public EventEnvelope event(String type, LifecycleData data) {
        return events.create(type, data.conversationId(), data);
    }

    public Uni<Void> append(SqlClient tx, String type, LifecycleData data) {
        return outbox.append(tx, Topics.QUEUE_LIFECYCLE, event(type, data));
    }

    public Uni<Void> appendAll(SqlClient tx, List<EventEnvelope> envelopes) {
        return outbox.appendAll(tx, Topics.QUEUE_LIFECYCLE, envelopes);
    }
}
