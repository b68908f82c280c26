package dev.agentfactory.ingress.catalog;

import dev.agentfactory.platform.consumer.IncomingEvents;
import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.Topics;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;

/**
 * Keeps the catalog projection current from {@code af.catalog.agents.v1}. Every instance reads the whole
 * (compacted, small) topic with its own consumer group, because each holds the projection in memory; the
 * table is shared and written idempotently (newer versions only), so replays change nothing.
 */
@ApplicationScoped
public class CatalogConsumer {

    private static final Logger LOG = Logger.getLogger(CatalogConsumer.class);

    private final AgentCatalog catalog;
    private final CatalogStore store;
    private final Pool pool;

    public CatalogConsumer(AgentCatalog catalog, CatalogStore store, Pool pool) {
        this.catalog = catalog;
        this.store = store;
        this.pool = pool;
    }

    void load(@Observes StartupEvent event) {
        store.loadAll().await().atMost(Duration.ofSeconds(30)).forEach(catalog::apply);
        LOG.infof("catalog projection loaded: %d agents", catalog.agents().size());
    }

    @Incoming(Topics.CHANNEL_CATALOG_AGENTS)
    public Uni<Void> consume(String value) {
        if (value == null) {
            return Uni.createFrom().voidItem(); // a compaction tombstone: the deletion event came first
        }
        EventEnvelope envelope = IncomingEvents.parse(value);
        return switch (envelope.type()) {
            case "catalog.agent.updated" -> updated(envelope.dataAs(AgentUpdated.class).toAgent());
            case "catalog.agent.deleted" -> deleted(envelope.data().path("agentKey").asText());
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> updated(CatalogAgent agent) {
        return pool.withTransaction(tx -> store.upsert(tx, agent)).invoke(() -> catalog.apply(agent));
    }

    private Uni<Void> deleted(String agentKey) {
        return pool.withTransaction(tx -> store.delete(tx, agentKey)).invoke(() -> catalog.remove(agentKey));
    }

    /** The fields of {@code catalog.agent.updated} that ingress uses. */
    record AgentUpdated(String agentKey, long version, boolean enabled, String botIdentity,
                        String webhookSecretHash, Instant updatedAt) {
        CatalogAgent toAgent() {
            return new CatalogAgent(agentKey, version, enabled, botIdentity, webhookSecretHash,
                    updatedAt != null ? updatedAt : Instant.now());
        }
    }
}
