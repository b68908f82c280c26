package dev.agentfactory.platform.outbox;

import dev.agentfactory.platform.config.ServiceConfig;
import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Appends events to the service's event log inside the caller's transaction: the event exists exactly when
 * the state change it describes was committed. {@link OutboxRelay} publishes them afterwards.
 */
@ApplicationScoped
public class Outbox {

    private final String insert;

    public Outbox(ServiceConfig service) {
        // the ::text::jsonb cast makes the server parse the JSON; the driver would otherwise quote the string
        this.insert = "INSERT INTO " + service.schema() + ".event_log (event_id, topic, event_key, event_type, envelope)"
                + " VALUES ($1, $2, $3, $4, $5::text::jsonb)";
    }

    /** @param tx a connection inside the caller's open transaction */
    public Uni<Void> append(SqlClient tx, String topic, EventEnvelope event) {
        return tx.preparedQuery(insert).execute(tuple(topic, event)).replaceWithVoid();
    }

    public Uni<Void> appendAll(SqlClient tx, String topic, List<EventEnvelope> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (events.size() == 1) {
            return append(tx, topic, events.get(0));
        }
        return tx.preparedQuery(insert).executeBatch(events.stream().map(e -> tuple(topic, e)).toList())
                .replaceWithVoid();
    }

    private static Tuple tuple(String topic, EventEnvelope event) {
        return Tuple.of(event.eventId(), topic, event.subject(), event.type(), Json.write(event));
    }
}
