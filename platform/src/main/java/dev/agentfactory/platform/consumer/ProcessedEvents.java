package dev.agentfactory.platform.consumer;

import dev.agentfactory.platform.config.ServiceConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Remembers which events a consumer has applied. Called inside the transaction that applies the event, so
 * "applied" and "remembered" commit together and a redelivered event is recognised and skipped.
 */
@ApplicationScoped
public class ProcessedEvents {

    private final String insert;

    public ProcessedEvents(ServiceConfig service) {
        this.insert = "INSERT INTO " + service.schema() + ".processed_events (consumer, event_id) VALUES ($1, $2)"
                + " ON CONFLICT DO NOTHING";
    }

    /** @return true the first time this consumer sees the event; false for a redelivery */
    public Uni<Boolean> firstDelivery(SqlClient tx, String consumer, String eventId) {
        return tx.preparedQuery(insert).execute(Tuple.of(consumer, eventId)).map(rows -> rows.rowCount() == 1);
    }
}
