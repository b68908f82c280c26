package dev.agentfactory.queue.deadletter;

import dev.agentfactory.queue.event.MessageRef;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class DeadLetterStore {

    private static final String LIST = "SELECT seq, message_id, conversation_id, workspace_id, agent_key, attempt,"
            + " last_error, finished_at FROM queue.messages WHERE status = 'dead'"
            + " AND ($1::text IS NULL OR workspace_id = $1) AND seq > $2 ORDER BY seq LIMIT $3";

    private static final String LOCK_CONVERSATION = "SELECT 1 FROM queue.conversations c"
            + " JOIN queue.messages m ON m.conversation_id = c.conversation_id"
            + " WHERE m.message_id = $1 FOR UPDATE OF c";

    private static final String REQUEUE = "UPDATE queue.messages SET status = 'queued', attempt = 0, backoff_ms = 0,"
            + " available_at = now(), finished_at = NULL, lease_id = NULL, worker_id = NULL"
            + " WHERE message_id = $1 AND status = 'dead'"
            + " RETURNING message_id, conversation_id, workspace_id, agent_key, attempt";

    private static final String STATUS = "SELECT status FROM queue.messages WHERE message_id = $1";

    public Uni<List<DeadLetter>> list(SqlClient client, String workspaceId, long after, int limit) {
        return client.preparedQuery(LIST).execute(Tuple.of(workspaceId, after, limit)).map(rows -> {
            List<DeadLetter> letters = new ArrayList<>();
            for (Row row : rows) {
                letters.add(DeadLetter.from(row));
            }
            return letters;
        });
    }

    /** Locks the message's conversation, then queues the dead letter again; null when it is not dead. */
    public Uni<MessageRef> requeue(SqlClient tx, String messageId) {
        return tx.preparedQuery(LOCK_CONVERSATION).execute(Tuple.of(messageId))
                .chain(() -> tx.preparedQuery(REQUEUE).execute(Tuple.of(messageId)))
                .map(rows -> rows.size() == 0 ? null : MessageRef.from(rows.iterator().next()));
    }

    /** The message's status, or null when there is no such message. */
    public Uni<String> status(SqlClient client, String messageId) {
        return client.preparedQuery(STATUS).execute(Tuple.of(messageId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("status"));
    }
}
