package dev.agentfactory.ingress.catalog;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The persisted catalog projection ({@code ingress.catalog_agents}), the source of the in-memory one at start. */
@ApplicationScoped
public class CatalogStore {

    private static final String UPSERT = "INSERT INTO ingress.catalog_agents"
            + " (agent_key, version, enabled, bot_identity, webhook_secret_hash, updated_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6)"
            + " ON CONFLICT (agent_key) DO UPDATE SET version = EXCLUDED.version, enabled = EXCLUDED.enabled,"
            + " bot_identity = EXCLUDED.bot_identity, webhook_secret_hash = EXCLUDED.webhook_secret_hash,"
            + " updated_at = EXCLUDED.updated_at WHERE catalog_agents.version < EXCLUDED.version";

    private final Pool pool;

    public CatalogStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<CatalogAgent>> loadAll() {
        return pool.query("SELECT agent_key, version, enabled, bot_identity, webhook_secret_hash, updated_at"
                + " FROM ingress.catalog_agents").execute().map(rows -> {
            List<CatalogAgent> agents = new ArrayList<>();
            for (Row row : rows) {
                agents.add(new CatalogAgent(row.getString("agent_key"), row.getLong("version"),
                        row.getBoolean("enabled"), row.getString("bot_identity"),
                        row.getString("webhook_secret_hash"), row.getOffsetDateTime("updated_at").toInstant()));
            }
            return agents;
        });
    }

    /** Stores the revision unless a newer one is stored already. */
    public Uni<Void> upsert(SqlClient tx, CatalogAgent agent) {
        return tx.preparedQuery(UPSERT).execute(Tuple.tuple().addString(agent.agentKey()).addLong(agent.version())
                        .addBoolean(agent.enabled()).addString(agent.botIdentity()).addString(agent.webhookSecretHash())
                        .addOffsetDateTime(agent.updatedAt().atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient tx, String agentKey) {
        return tx.preparedQuery("DELETE FROM ingress.catalog_agents WHERE agent_key = $1")
                .execute(Tuple.of(agentKey)).replaceWithVoid();
    }
}
