package dev.agentfactory.scheduler.support;

import dev.agentfactory.platform.consumer.ProcessedEvents;
import dev.agentfactory.platform.event.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Function;

/** Applies an incoming event once: the effect and the processed-event mark commit in one transaction. */
@ApplicationScoped
public class Consumption {

    private final Pool pool;
    private final ProcessedEvents processed;

    public Consumption(Pool pool, ProcessedEvents processed) {
        this.pool = pool;
        this.processed = processed;
    }

    /** @return the effect's answer, or false for a redelivery (nothing applied) */
    public Uni<Boolean> once(String consumer, EventEnvelope event, Function<SqlClient, Uni<Boolean>> effect) {
        return pool.withTransaction(tx -> processed.firstDelivery(tx, consumer, event.eventId().toString())
                .chain(first -> first ? effect.apply(tx) : Uni.createFrom().item(false)));
    }
}
