package dev.agentfactory.queue.depth;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Measures depth per workspace from the partial indexes on queued, leased and dead rows. */
@ApplicationScoped
public class DepthStore {

    private static final String MEASURE = "WITH m AS (SELECT workspace_id,"
            + " count(*) FILTER (WHERE available_at <= now()) AS ready,"
            + " count(*) FILTER (WHERE available_at > now()) AS delayed,"
            + " min(available_at) FILTER (WHERE available_at <= now()) AS oldest"
            + " FROM queue.messages WHERE status = 'queued' AND ($1::text IS NULL OR workspace_id = $1) GROUP BY workspace_id"
            + "), r AS (SELECT workspace_id, count(*) AS n FROM queue.conversations"
            + " WHERE head_seq IS NOT NULL AND lease_id IS NULL AND head_available_at <= now()"
            + " AND ($1::text IS NULL OR workspace_id = $1) GROUP BY workspace_id"
            + "), b AS (SELECT workspace_id, count(*) AS n FROM queue.conversations WHERE lease_id IS NOT NULL"
            + " AND ($1::text IS NULL OR workspace_id = $1) GROUP BY workspace_id"
            + "), d AS (SELECT workspace_id, count(*) AS n FROM queue.messages WHERE status = 'dead'"
            + " AND ($1::text IS NULL OR workspace_id = $1) GROUP BY workspace_id"
            + "), w AS (SELECT workspace_id FROM m UNION SELECT workspace_id FROM b UNION SELECT workspace_id FROM d)"
            + " SELECT w.workspace_id, coalesce(m.ready, 0) AS ready, coalesce(m.delayed, 0) AS delayed,"
            + " coalesce((extract(epoch FROM now() - m.oldest) * 1000)::bigint, 0) AS oldest_ms,"
            + " coalesce(r.n, 0) AS ready_conversations, coalesce(b.n, 0) AS busy, coalesce(d.n, 0) AS dead, now() AS at"
            + " FROM w LEFT JOIN m USING (workspace_id) LEFT JOIN r USING (workspace_id)"
            + " LEFT JOIN b USING (workspace_id) LEFT JOIN d USING (workspace_id) ORDER BY w.workspace_id";

    private final Pool pool;

    public DepthStore(Pool pool) {
        this.pool = pool;
    }

    /** @param workspaceId one workspace, or null for every workspace with anything queued, leased or dead */
    public Uni<Map<String, Depth>> measure(String workspaceId) {
        return pool.preparedQuery(MEASURE).execute(Tuple.of(workspaceId)).map(rows -> {
            Map<String, Depth> depths = new LinkedHashMap<>();
            for (Row row : rows) {
                Instant at = row.getOffsetDateTime("at").toInstant();
                String workspace = row.getString("workspace_id");
                depths.put(workspace, new Depth(workspace, row.getLong("ready"), row.getLong("ready_conversations"),
                        row.getLong("busy"), row.getLong("delayed"), row.getLong("dead"),
                        Math.max(0, row.getLong("oldest_ms")), at));
            }
            return depths;
        });
    }
}
