package dev.agentfactory.queue.snapshot;

import dev.agentfactory.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import dev.agentfactory.queue.config.QueueConfig;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Snapshot uploads: begin (declares size and sha256) → content (checked against both, stored as a blob) →
 * finalize (ready for restore) or fail. Restore reads the latest ready snapshot of exactly one
 * workspace + agent + conversation. A worker may only touch the snapshots it began.
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

    public Uni<Snapshot> upload(UUID id, String actor, byte[] content) {
        return owned(id, actor).chain(snapshot -> {
            if (!"uploading".equals(snapshot.status())) {
                throw ProblemException.conflict("snapshot-state", "snapshot " + id + " is " + snapshot.status());
            }
            if (content.length != snapshot.sizeBytes() || !sha256(content).equals(snapshot.sha256())) {
                throw ProblemException.unprocessable("snapshot-content-mismatch",
                        "the content does not match the declared size and sha256");
            }
            return blobs.put(id.toString(), Buffer.buffer(content))
                    .chain(() -> store.transition(id, UPLOADING, "uploaded", null))
                    .map(updated -> require(updated, id, "uploading"));
        });
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

    public Uni<Buffer> content(UUID id) {
        return store.get(id).chain(snapshot -> {
            if (snapshot == null || !"ready".equals(snapshot.status())) {
                throw ProblemException.notFound("no ready snapshot " + id);
            }
            return blobs.get(id.toString());
        });
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

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
