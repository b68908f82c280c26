package dev.agentfactory.scheduler.demand;

import dev.agentfactory.scheduler.reconcile.Demand;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads the demand projection. The fleet serves every workspace, so demand is the sum over them. */
@ApplicationScoped
public class DepthStore {

    public record WorkspaceDepth(String workspaceId, int readyMessages, int readyConversations, int busyConversations,
                                 int delayedMessages, int deadLetters, long oldestReadyAgeMs, Instant measuredAt) {
    }

    public Uni<List<WorkspaceDepth>> all(SqlClient client) {
        return client.query("SELECT * FROM scheduler.depth ORDER BY workspace_id").execute().map(rows -> {
            List<WorkspaceDepth> list = new ArrayList<>();
            for (Row r : rows) {
                list.add(new WorkspaceDepth(r.getString("workspace_id"), r.getInteger("ready_messages"),
                        r.getInteger("ready_conversations"), r.getInteger("busy_conversations"),
                        r.getInteger("delayed_messages"), r.getInteger("dead_letters"),
                        r.getLong("oldest_ready_age_ms"), r.getOffsetDateTime("measured_at").toInstant()));
            }
            return list;
        });
    }

    public Uni<Demand> total(SqlClient client) {
        return all(client).map(DepthStore::sum);
    }

    public static Demand sum(List<WorkspaceDepth> depths) {
        int ready = 0;
        int busy = 0;
        int messages = 0;
        for (WorkspaceDepth d : depths) {
            ready += d.readyConversations();
            busy += d.busyConversations();
            messages += d.readyMessages();
        }
        return new Demand(ready, busy, messages, depths.size());
    }
}
