package dev.agentfactory.worker.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What the worker knows about a local conversation directory, kept beside (not inside) its data.
 *
 * @param baseSnapshotId the snapshot the data started from or was last uploaded as, or null
 * @param dirty          changed since {@code baseSnapshotId}: needs a snapshot before the worker goes away
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SnapshotState(String workspaceId, String agentKey, String conversationId, String baseSnapshotId,
                            boolean dirty) {
}
