package dev.agentfactory.platform.outbox;

import dev.agentfactory.platform.config.ServiceConfig;
import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/**
 * Appends events to the service's event log inside the caller's transaction: the event exists exactly when
 * the state change it describes was committed. {@link OutboxRelay} publishes them afterwards.
 */
@ApplicationScoped
public class Outbox {

    private final String insert;
    private final String insertAll;

    public Outbox(ServiceConfig service) {
        // the ::text::jsonb cast makes the server parse the JSON; the driver would otherwise quote the string
        this.insert = "INSERT INTO " + service.schema() + ".event_log (event_id, topic, event_key, event_type, envelope)"
                + " VALUES ($1, $2, $3, $4, $5::text::jsonb)";
        // one statement for a whole batch: one round trip, one trigger firing; ids follow the list's order
        this.insertAll = "INSERT INTO " + service.schema() + ".event_log"
                + " (event_id, topic, event_key, event_type, envelope)"
                + " SELECT e.event_id, $2, e.event_key, e.event_type, e.envelope::jsonb"
                + " FROM unnest($1::uuid[], $3::text[], $4::text[], $5::text[])"
                + " WITH ORDINALITY AS e(event_id, event_key, event_type, envelope, ord) ORDER BY e.ord";
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
        Tuple columns = Tuple.of(events.stream().map(EventEnvelope::eventId).toArray(UUID[]::new), topic,
                events.stream().map(EventEnvelope::subject).toArray(String[]::new),
                events.stream().map(EventEnvelope::type).toArray(String[]::new),
                events.stream().map(Json::write).toArray(String[]::new));
        return tx.preparedQuery(insertAll).execute(columns).replaceWithVoid();
    }

    private static Tuple tuple(String topic, EventEnvelope event) {
        return Tuple.of(event.eventId(), topic, event.subject(), event.type(), Json.write(event));
    }
}
