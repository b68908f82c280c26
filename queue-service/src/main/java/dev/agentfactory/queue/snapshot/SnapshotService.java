package dev.agentfactory.queue.snapshot;

import dev.agentfactory.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import dev.agentfactory.queue.config.QueueConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Snapshot uploads: begin (declares size and sha256) → content (streamed to the blob store, checked against both
 * on the way; {@link SnapshotContentRoutes}) → finalize (ready for restore) or fail. Restore reads the latest ready
 * snapshot of exactly one workspace + agent + conversation. A worker may only touch the snapshots it began.
 */
@ApplicationScoped
public class SnapshotService {

    private static final String[] UPLOADING = {"uploading"};
    private static final String[] UPLOADED = {"uploaded"};
    private static final String[] OPEN = {"uploading", "uploaded"};

    private final SnapshotStore store;
    private final BlobStore blobs;
    private final long maxBytes;

    public SnapshotService(SnapshotStore store, BlobStore blobs, QueueConfig config) {
        this.store = store;
        this.blobs = blobs;
        this.maxBytes = config.snapshots().maxBytes();
    }

    public Uni<Snapshot> begin(SnapshotRequests.Begin begin, String createdBy) {
        if (begin.sizeBytes() > maxBytes) {
            throw ProblemException.invalid("sizeBytes", "must be at most " + maxBytes);
        }
        return store.begin(begin, createdBy);
    }

    /**
     * Whether content may be uploaded for snapshot {@code id} now: it is the caller's, still uploading, and a
     * declared {@code contentLength} (null when the body is chunked) is its size.
     */
    public Uni<Snapshot> acceptsContent(UUID id, String actor, Long contentLength) {
        return owned(id, actor).map(snapshot -> {
            if (!"uploading".equals(snapshot.status())) {
                throw ProblemException.conflict("snapshot-state", "snapshot " + id + " is " + snapshot.status());
            }
            if (contentLength != null && contentLength != snapshot.sizeBytes()) {
                throw ContentUpload.mismatch(contentLength + " bytes where " + snapshot.sizeBytes() + " were declared");
            }
            return snapshot;
        });
    }

    public Uni<ContentUpload> startUpload(Snapshot snapshot) {
        return blobs.create(snapshot.snapshotId().toString()).map(writer -> new ContentUpload(snapshot, writer));
    }

    /** The whole content has arrived: stored if it is what was declared, and the snapshot is then uploaded. */
    public Uni<Snapshot> uploaded(ContentUpload upload) {
        UUID id = upload.snapshot().snapshotId();
        return upload.complete().chain(() -> store.transition(id, UPLOADING, "uploaded", null))
                .map(updated -> require(updated, id, "uploading"));
    }

    public Uni<Snapshot> finalizeUpload(UUID id, String actor) {
        return owned(id, actor).chain(snapshot -> store.transition(id, UPLOADED, "ready", null))
                .map(updated -> require(updated, id, "uploaded"));
    }

    public Uni<Snapshot> fail(UUID id, String actor, String error) {
        return owned(id, actor).chain(snapshot -> store.transition(id, OPEN, "failed", error))
                .map(updated -> require(updated, id, "uploading or uploaded"))
                .call(failed -> blobs.delete(id.toString()));
    }

    public Uni<Snapshot> latest(String workspaceId, String agentKey, String conversationId) {
        return store.latest(null, workspaceId, agentKey, conversationId);
    }

    /** The snapshot whose content may be restored: a ready one. */
    public Uni<Snapshot> restorable(UUID id) {
        return store.get(id).map(snapshot -> {
            if (snapshot == null || !"ready".equals(snapshot.status())) {
                throw ProblemException.notFound("no ready snapshot " + id);
            }
            return snapshot;
        });
    }

    /** @return the snapshot's content, or null when the blob store lost it */
    public Uni<BlobStore.Blob> content(Snapshot snapshot) {
        return blobs.open(snapshot.snapshotId().toString());
    }

    private Uni<Snapshot> owned(UUID id, String actor) {
        return store.get(id).map(snapshot -> {
            if (snapshot == null) {
                throw ProblemException.notFound("no snapshot " + id);
            }
            if (actor != null && !actor.equals(snapshot.createdBy())) {
                throw ProblemException.forbidden("snapshot " + id + " belongs to another worker");
            }
            return snapshot;
        });
    }

    private static Snapshot require(Snapshot updated, UUID id, String expected) {
        if (updated == null) {
            throw ProblemException.conflict("snapshot-state", "snapshot " + id + " is not " + expected);
        }
        return updated;
    }
}
