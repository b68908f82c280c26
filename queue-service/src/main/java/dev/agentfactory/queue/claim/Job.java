package dev.agentfactory.queue.claim;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.agentfactory.queue.event.LifecycleData;
import dev.agentfactory.queue.event.MessageRef;
import io.vertx.mutiny.sqlclient.Row;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A leased message as the worker receives it ({@code shouldStop} and {@code shouldPark} false: it runs). The
 * payload is the stored JSON object's text, written into the answer as it is: it was checked to be an object when
 * it was enqueued, and parsing it again only to write it back would cost every claim.
 */
public record Job(
        UUID leaseId,
        Instant leaseExpiresAt,
        String messageId,
        String conversationId,
        String agentKey,
        String workspaceId,
        int priority,
        String origin,
        Instant receivedAt,
        String consumerUserId,
        @JsonRawValue @Schema(type = SchemaType.OBJECT, description = "the message's payload as enqueued") String payload,
        int attempt,
        String workerId,
        boolean shouldStop,
        boolean shouldPark) {

    /** Reads a claimed message with its lease_id, worker_id and lease_expires_at. */
    public static Job from(Row row) {
        OffsetDateTime received = row.getOffsetDateTime("received_at");
        return new Job(row.getUUID("lease_id"), row.getOffsetDateTime("lease_expires_at").toInstant(),
                row.getString("message_id"), row.getString("conversation_id"), row.getString("agent_key"),
                row.getString("workspace_id"), row.getShort("priority"), row.getString("origin"),
                received == null ? null : received.toInstant(), row.getString("consumer_user_id"),
                row.getString("payload"), row.getInteger("attempt"),
                row.getString("worker_id"), false, false);
    }

    /** The data of its {@code queue.message.claimed} event. */
    public LifecycleData claimedData() {
        MessageRef ref = new MessageRef(messageId, conversationId, workspaceId, agentKey, attempt);
        return LifecycleData.of(ref).withLease(workerId, leaseId.toString(), leaseExpiresAt);
    }
}
