package dev.agentfactory.queue.snapshot;

import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Metadata of one snapshot archive. */
public record Snapshot(UUID snapshotId, String workspaceId, String agentKey, String conversationId, long sizeBytes,
                       String sha256, String status, String error, String createdBy, Instant createdAt,
                       Instant finalizedAt, String contentUrl) {

    static Snapshot from(Row row) {
        UUID id = row.getUUID("snapshot_id");
        OffsetDateTime finalized = row.getOffsetDateTime("finalized_at");
        return new Snapshot(id, row.getString("workspace_id"), row.getString("agent_key"),
                row.getString("conversation_id"), row.getLong("size_bytes"), row.getString("sha256"),
                row.getString("status"), row.getString("error"), row.getString("created_by"),
                row.getOffsetDateTime("created_at").toInstant(), finalized == null ? null : finalized.toInstant(),
                "/v1/snapshots/" + id + "/content");
    }
}
