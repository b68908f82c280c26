package dev.agentfactory.scheduler.policy;

import dev.agentfactory.platform.event.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** The stored policy, falling back to the configuration defaults. */
@ApplicationScoped
public class PolicyStore {

    private final Pool pool;
    private final PolicyDefaults defaults;

    public PolicyStore(Pool pool, PolicyDefaults defaults) {
        this.pool = pool;
        this.defaults = defaults;
    }

    public record Effective(ScalingPolicy policy, String source) {
    }

    public Uni<Effective> current() {
        return current(pool);
    }

    public Uni<Effective> current(SqlClient client) {
        return client.query("SELECT policy::text AS policy FROM scheduler.scaling_policy WHERE id = 1").execute()
                .map(rows -> rows.iterator().hasNext()
                        ? new Effective(Json.read(rows.iterator().next().getString("policy"), ScalingPolicy.class), "stored")
                        : new Effective(defaults.toPolicy(), "config"));
    }

    public Uni<Void> save(ScalingPolicy policy) {
        return pool.preparedQuery("INSERT INTO scheduler.scaling_policy (id, policy) VALUES (1, $1::text::jsonb)"
                        + " ON CONFLICT (id) DO UPDATE SET policy = EXCLUDED.policy, updated_at = now()")
                .execute(Tuple.of(Json.write(policy))).replaceWithVoid();
    }
}
