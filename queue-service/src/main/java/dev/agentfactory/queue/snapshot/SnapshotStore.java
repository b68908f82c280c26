package dev.agentfactory.queue.snapshot;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

@ApplicationScoped
public class SnapshotStore {

    private static final String COLUMNS = "snapshot_id, workspace_id, agent_key, conversation_id, size_bytes, sha256,"
            + " status, error, created_by, created_at, finalized_at";
    private static final String INSERT = "INSERT INTO queue.snapshots (snapshot_id, workspace_id, agent_key,"
            + " conversation_id, size_bytes, sha256, status, created_by) VALUES ($1, $2, $3, $4, $5, $6, 'uploading', $7)"
            + " RETURNING " + COLUMNS;
    private static final String GET = "SELECT " + COLUMNS + " FROM queue.snapshots WHERE snapshot_id = $1";
    private static final String TRANSITION = "UPDATE queue.snapshots SET status = $3, error = coalesce($4, error),"
            + " finalized_at = CASE WHEN $3 = 'ready' THEN now() ELSE finalized_at END"
            + " WHERE snapshot_id = $1 AND status = ANY($2) RETURNING " + COLUMNS;
    private static final String LATEST = "SELECT " + COLUMNS + " FROM queue.snapshots WHERE status = 'ready'"
            + " AND workspace_id = $1 AND agent_key = $2 AND conversation_id = $3 ORDER BY finalized_at DESC LIMIT 1";

    private final Pool pool;

    public SnapshotStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<Snapshot> begin(SnapshotRequests.Begin begin, String createdBy) {
        return pool.preparedQuery(INSERT).execute(Tuple.tuple().addUUID(UUID.randomUUID())
                .addString(begin.workspaceId()).addString(begin.agentKey()).addString(begin.conversationId())
                .addLong(begin.sizeBytes()).addString(begin.sha256().toLowerCase()).addString(createdBy))
                .map(rows -> Snapshot.from(rows.iterator().next()));
    }

    public Uni<Snapshot> get(UUID id) {
        return pool.preparedQuery(GET).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : Snapshot.from(rows.iterator().next()));
    }

    /** Moves the snapshot to {@code to} if it is in one of {@code from}; null when it was not. */
    public Uni<Snapshot> transition(UUID id, String[] from, String to, String error) {
        return pool.preparedQuery(TRANSITION).execute(Tuple.of(id, from, to, error))
                .map(rows -> rows.size() == 0 ? null : Snapshot.from(rows.iterator().next()));
    }

    public Uni<Snapshot> latest(SqlClient client, String workspaceId, String agentKey, String conversationId) {
        return (client == null ? pool : client).preparedQuery(LATEST).execute(Tuple.of(workspaceId, agentKey, conversationId))
                .map(rows -> rows.size() == 0 ? null : Snapshot.from(rows.iterator().next()));
    }
}
