package dev.agentfactory.queue.lease;

import dev.agentfactory.queue.event.MessageRef;
import io.vertx.mutiny.sqlclient.Row;

import java.util.UUID;

/** A leased head message with its (locked) conversation. */
public record HeldMessage(long seq, UUID leaseId, String workerId, long backoffMs, MessageRef ref) {

    static HeldMessage from(Row row) {
        return new HeldMessage(row.getLong("seq"), row.getUUID("lease_id"), row.getString("worker_id"),
                row.getLong("backoff_ms"), MessageRef.from(row));
    }
}
