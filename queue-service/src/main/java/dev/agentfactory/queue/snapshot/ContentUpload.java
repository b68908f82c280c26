package dev.agentfactory.queue.snapshot;

import dev.agentfactory.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The content of one snapshot on its way to the blob store, chunk by chunk: counted and hashed as it passes, so
 * it can be checked against the size and sha256 the worker declared without ever being held whole.
 */
public final class ContentUpload {

    private final Snapshot snapshot;
    private final BlobStore.Writer writer;
    private final MessageDigest digest;
    private long received;

    ContentUpload(Snapshot snapshot, BlobStore.Writer writer) {
        this.snapshot = snapshot;
        this.writer = writer;
        this.digest = sha256();
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** Stores the next chunk; fails with a 422 problem as soon as the content outgrows the declared size. */
    public Uni<Void> write(Buffer chunk) {
        received += chunk.length();
        if (received > snapshot.sizeBytes()) {
            return Uni.createFrom().failure(mismatch("more than the declared " + snapshot.sizeBytes() + " bytes"));
        }
        digest.update(chunk.getByteBuf().nioBuffer());
        return writer.write(chunk);
    }

    /** Once every chunk is written: keeps the content when it is what was declared, drops it otherwise. */
    Uni<Void> complete() {
        if (received != snapshot.sizeBytes()) {
            return abort().chain(() -> Uni.createFrom().failure(
                    mismatch(received + " bytes where " + snapshot.sizeBytes() + " were declared")));
        }
        if (!HexFormat.of().formatHex(digest.digest()).equals(snapshot.sha256())) {
            return abort().chain(() -> Uni.createFrom().failure(mismatch("the sha256 differs from the declared one")));
        }
        return writer.commit();
    }

    public Uni<Void> abort() {
        return writer.abort();
    }

    static ProblemException mismatch(String detail) {
        return ProblemException.unprocessable("snapshot-content-mismatch",
                "the content does not match the declared size and sha256: " + detail);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
