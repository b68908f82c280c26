package dev.agentfactory.scheduler.catalog;

import dev.agentfactory.platform.consumer.IncomingEvents;
import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.scheduler.fleet.WorkerStore;
import dev.agentfactory.scheduler.support.Times;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;

/**
 * The agent catalog (af.catalog.agents.v1, compacted) as far as broadcast needs it: which agents exist and are
 * enabled. Versions only move forward; a deletion is kept as a tombstone row.
 */
@ApplicationScoped
public class CatalogConsumer {

    private final Pool pool;

    public CatalogConsumer(Pool pool) {
        this.pool = pool;
    }

    @Incoming(Topics.CHANNEL_CATALOG_AGENTS)
    public Uni<Void> onCatalog(String value) {
        EventEnvelope event = IncomingEvents.parse(value);
        String agentKey = Times.text(event.data(), "agentKey");
        if (agentKey == null) {
            return Uni.createFrom().voidItem();
        }
        if ("catalog.agent.updated".equals(event.type())) {
            Instant at = Times.at(event.data(), "updatedAt", event.occurredAt());
            return pool.preparedQuery("INSERT INTO scheduler.agents (agent_key, version, enabled, deleted, updated_at)"
                            + " VALUES ($1, $2, $3, false, $4) ON CONFLICT (agent_key) DO UPDATE SET version = EXCLUDED.version,"
                            + " enabled = EXCLUDED.enabled, deleted = false, updated_at = EXCLUDED.updated_at"
                            + " WHERE scheduler.agents.version <= EXCLUDED.version")
                    .execute(Tuple.of(agentKey, event.data().path("version").asLong(),
                            event.data().path("enabled").asBoolean(false), WorkerStore.utc(at)))
                    .replaceWithVoid();
        }
        if ("catalog.agent.deleted".equals(event.type())) {
            Instant at = Times.at(event.data(), "deletedAt", event.occurredAt());
            return pool.preparedQuery("UPDATE scheduler.agents SET deleted = true, enabled = false, updated_at = $2"
                            + " WHERE agent_key = $1 AND updated_at <= $2")
                    .execute(Tuple.of(agentKey, WorkerStore.utc(at))).replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }
}
