package dev.agentfactory.scheduler.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.scheduler.fleet.WorkerStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Every decision is recorded with its inputs' figures and its reason. */
@ApplicationScoped
public class DecisionStore {

    public record Decision(long id, Instant decidedAt, String trigger, int desired, JsonNode demand, JsonNode fleet,
                           JsonNode actions, String reason) {
    }

    public Uni<Void> record(SqlClient tx, String trigger, Instant at, Demand demand, Plan plan, List<Object> applied) {
        Map<String, Integer> fleet = Map.of("starting", plan.starting(), "ready", plan.ready(),
                "draining", plan.draining(), "stopping", plan.stopping(), "parked", plan.parked());
        return tx.preparedQuery("INSERT INTO scheduler.decisions (decided_at, trigger, desired, demand, fleet, actions, reason)"
                        + " VALUES ($1, $2, $3, $4::text::jsonb, $5::text::jsonb, $6::text::jsonb, $7)")
                .execute(Tuple.tuple().addOffsetDateTime(WorkerStore.utc(at)).addString(trigger)
                        .addInteger(plan.desired()).addString(Json.write(demand)).addString(Json.write(fleet))
                        .addString(Json.write(applied)).addString(plan.reason()))
                .replaceWithVoid();
    }

    public Uni<Decision> last(SqlClient client) {
        return client.query("SELECT id, decided_at, trigger, desired, demand::text AS demand, fleet::text AS fleet,"
                        + " actions::text AS actions, reason FROM scheduler.decisions ORDER BY id DESC LIMIT 1").execute()
                .map(rows -> rows.iterator().hasNext() ? of(rows.iterator().next()) : null);
    }

    private static Decision of(Row r) {
        return new Decision(r.getLong("id"), r.getOffsetDateTime("decided_at").toInstant(), r.getString("trigger"),
                r.getInteger("desired"), Json.read(r.getString("demand"), JsonNode.class),
                Json.read(r.getString("fleet"), JsonNode.class), Json.read(r.getString("actions"), JsonNode.class),
                r.getString("reason"));
    }
}
