package dev.agentfactory.ingress.enqueue;

import dev.agentfactory.ingress.config.IngressConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Remembers the outcome of each Idempotency-Key of the generic API for a retention period. */
@ApplicationScoped
public class IdempotencyStore {

    private final Pool pool;
    private final IngressConfig config;

    public IdempotencyStore(Pool pool, IngressConfig config) {
        this.pool = pool;
        this.config = config;
    }

    public record Outcome(String requestHash, String messageId, String conversationId) {
    }

    public Uni<Outcome> find(String workspaceId, String key) {
        return pool.preparedQuery("SELECT request_hash, message_id, conversation_id FROM ingress.idempotency_keys"
                        + " WHERE workspace_id = $1 AND idempotency_key = $2 AND created_at > $3")
                .execute(Tuple.of(workspaceId, key, cutoff()))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row row = it.next();
                    return new Outcome(row.getString(0), row.getString(1), row.getString(2));
                });
    }

    /** Records the first outcome; a concurrent twin with the same key loses quietly (same message id). */
    public Uni<Void> save(String workspaceId, String key, Outcome outcome) {
        return pool.preparedQuery("INSERT INTO ingress.idempotency_keys"
                        + " (workspace_id, idempotency_key, request_hash, message_id, conversation_id)"
                        + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (workspace_id, idempotency_key) DO UPDATE"
                        + " SET request_hash = EXCLUDED.request_hash, message_id = EXCLUDED.message_id,"
                        + " conversation_id = EXCLUDED.conversation_id, created_at = now()"
                        + " WHERE idempotency_keys.created_at <= $6")
                .execute(Tuple.tuple().addString(workspaceId).addString(key).addString(outcome.requestHash())
                        .addString(outcome.messageId()).addString(outcome.conversationId())
                        .addOffsetDateTime(cutoff()))
                .replaceWithVoid();
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> purgeExpired() {
        return pool.preparedQuery("DELETE FROM ingress.idempotency_keys WHERE created_at <= $1")
                .execute(Tuple.of(cutoff())).replaceWithVoid();
    }

    private OffsetDateTime cutoff() {
        return OffsetDateTime.now(ZoneOffset.UTC).minus(config.idempotencyRetention());
    }
}
