package dev.agentfactory.skills.agent;

import dev.agentfactory.platform.event.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** SQL of agent profiles. */
@ApplicationScoped
public class AgentStore {

    private static final String COLUMNS = "agent_key, revision, enabled, secrets_ref, bridge_config::text AS bridge,"
            + " bot_identity, bot_username, webhook_url, webhook_secret_hash, created_at, updated_at";
    private static final String FIND = "SELECT " + COLUMNS + " FROM skills.agents WHERE agent_key = $1";
    private static final String LIST = "SELECT " + COLUMNS + " FROM skills.agents WHERE agent_key > $1"
            + " ORDER BY agent_key LIMIT $2";
    private static final String BY_BOT = "SELECT agent_key FROM skills.agents WHERE bot_identity = $1";
    private static final String BY_WEBHOOK_SECRET = "SELECT agent_key FROM skills.agents WHERE webhook_secret_hash = $1";
    private static final String UPSERT = "INSERT INTO skills.agents (agent_key, revision, enabled, secrets_ref,"
            + " bridge_config, bot_identity, bot_username, webhook_url, webhook_secret_hash, created_at, updated_at)"
            + " VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8, $9, $10, $11)"
            + " ON CONFLICT (agent_key) DO UPDATE SET revision = EXCLUDED.revision, enabled = EXCLUDED.enabled,"
            + " secrets_ref = EXCLUDED.secrets_ref, bridge_config = EXCLUDED.bridge_config,"
            + " bot_identity = EXCLUDED.bot_identity, bot_username = EXCLUDED.bot_username,"
            + " webhook_url = EXCLUDED.webhook_url, webhook_secret_hash = EXCLUDED.webhook_secret_hash,"
            + " updated_at = EXCLUDED.updated_at";
    private static final String DELETE = "DELETE FROM skills.agents WHERE agent_key = $1";

    public Uni<Optional<AgentProfile>> find(SqlClient client, String agentKey, boolean forUpdate) {
        return client.preparedQuery(forUpdate ? FIND + " FOR UPDATE" : FIND).execute(Tuple.of(agentKey))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(map(rows.iterator().next())) : Optional.empty());
    }

    public Uni<List<AgentProfile>> list(SqlClient client, String after, int limit) {
        return client.preparedQuery(LIST).execute(Tuple.of(after == null ? "" : after, limit)).map(rows -> {
            List<AgentProfile> profiles = new ArrayList<>();
            rows.forEach(row -> profiles.add(map(row)));
            return profiles;
        });
    }

    /** The agent that owns a bot, if any. */
    public Uni<Optional<String>> agentOfBot(SqlClient client, String botIdentity) {
        return agentKeyOf(client, BY_BOT, botIdentity);
    }

    /** The agent whose webhook uses the secret with this hash, if any. */
    public Uni<Optional<String>> agentOfWebhookSecret(SqlClient client, String secretHash) {
        return agentKeyOf(client, BY_WEBHOOK_SECRET, secretHash);
    }

    private static Uni<Optional<String>> agentKeyOf(SqlClient client, String query, String value) {
        return client.preparedQuery(query).execute(Tuple.of(value))
                .map(rows -> rows.iterator().hasNext()
                        ? Optional.of(rows.iterator().next().getString("agent_key")) : Optional.empty());
    }

    public Uni<Void> save(SqlClient tx, AgentProfile p) {
        Tuple row = Tuple.tuple().addString(p.agentKey()).addLong(p.revision()).addBoolean(p.enabled())
                .addArrayOfString(p.secretsRef().toArray(String[]::new)).addString(Json.write(p.bridgeConfig()))
                .addString(p.botIdentity()).addString(p.botUsername()).addString(p.webhookUrl())
                .addString(p.webhookSecretHash())
                .addOffsetDateTime(p.createdAt().atOffset(ZoneOffset.UTC))
                .addOffsetDateTime(p.updatedAt().atOffset(ZoneOffset.UTC));
        return tx.preparedQuery(UPSERT).execute(row).replaceWithVoid();
    }

    public Uni<Boolean> delete(SqlClient tx, String agentKey) {
        return tx.preparedQuery(DELETE).execute(Tuple.of(agentKey)).map(rows -> rows.rowCount() == 1);
    }

    private static AgentProfile map(Row row) {
        String[] refs = row.getArrayOfStrings("secrets_ref");
        return new AgentProfile(row.getString("agent_key"), row.getLong("revision"), row.getBoolean("enabled"),
                refs == null ? List.of() : List.copyOf(Arrays.asList(refs)),
                Json.read(row.getString("bridge"), BridgeConfig.class),
                row.getString("bot_identity"), row.getString("bot_username"), row.getString("webhook_url"),
                row.getString("webhook_secret_hash"), instant(row, "created_at"), instant(row, "updated_at"));
    }

    private static Instant instant(Row row, String column) {
        return row.getOffsetDateTime(column).toInstant();
    }
}
