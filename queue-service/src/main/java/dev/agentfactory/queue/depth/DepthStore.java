package dev.agentfactory.queue.depth;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Measures depth per workspace from the conversations with work and the partial indexes on queued and dead rows. */
@ApplicationScoped
public class DepthStore {

    // Conversations with work are found through the partial indexes conversations_claimable (a head, no lease) and
    // conversations_lease, and their queued counts summed: the cost follows the conversations with work, not the
    // queued messages (a count of a million queued rows took 100-170 ms and stalled the claims sharing its cores).
    // Delayed messages are few and the oldest ready one is the first entry of messages_queued_by_workspace.
    private static final String MEASURE = "WITH c AS ("
            + " SELECT workspace_id, sum(queued) AS queued,"
            + " count(*) FILTER (WHERE head_available_at <= now()) AS ready_conversations, 0 AS busy"
            + " FROM queue.conversations WHERE head_seq IS NOT NULL AND lease_id IS NULL"
            + " AND ($1::text IS NULL OR workspace_id = $1) GROUP BY workspace_id"
            + " UNION ALL SELECT workspace_id, sum(queued), 0, count(*) FROM queue.conversations"
            + " WHERE lease_id IS NOT NULL AND ($1::text IS NULL OR workspace_id = $1) GROUP BY workspace_id"
            + "), w AS (SELECT workspace_id, sum(queued)::bigint AS queued,"
            + " sum(ready_conversations)::bigint AS ready_conversations, sum(busy)::bigint AS busy"
            + " FROM c GROUP BY workspace_id"
            + "), d AS (SELECT workspace_id, count(*) AS n FROM queue.messages WHERE status = 'dead'"
            + " AND ($1::text IS NULL OR workspace_id = $1) GROUP BY workspace_id"
            + ") SELECT workspace_id, greatest(coalesce(w.queued, 0) - coalesce(l.delayed, 0), 0) AS ready,"
            + " coalesce(l.delayed, 0) AS delayed,"
            + " coalesce((extract(epoch FROM now() - o.oldest) * 1000)::bigint, 0) AS oldest_ms,"
            + " coalesce(w.ready_conversations, 0) AS ready_conversations, coalesce(w.busy, 0) AS busy,"
            + " coalesce(d.n, 0) AS dead, now() AS at"
            + " FROM w FULL JOIN d USING (workspace_id)"
            + " LEFT JOIN LATERAL (SELECT count(*) AS delayed FROM queue.messages m WHERE m.status = 'queued'"
            + " AND m.workspace_id = w.workspace_id AND m.available_at > now()) l ON true"
            + " LEFT JOIN LATERAL (SELECT min(m.available_at) AS oldest FROM queue.messages m WHERE m.status = 'queued'"
            + " AND m.workspace_id = w.workspace_id AND m.available_at <= now()) o ON true"
            + " ORDER BY workspace_id";

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
