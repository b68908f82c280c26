package dev.agentfactory.queue.lease;

import dev.agentfactory.queue.event.MessageRef;
import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A leased head message with its (locked) conversation; {@code leaseExpiresAt} is null for a repaired row. */
public record HeldMessage(long seq, UUID leaseId, String workerId, long backoffMs, Instant leaseExpiresAt,
                          MessageRef ref) {

    static HeldMessage from(Row row) {
        OffsetDateTime expires = row.getOffsetDateTime("lease_expires_at");
        return new HeldMessage(row.getLong("seq"), row.getUUID("lease_id"), row.getString("worker_id"),
                row.getLong("backoff_ms"), expires == null ? null : expires.toInstant(), MessageRef.from(row));
    }
}
