package dev.agentfactory.queue.snapshot;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.time.Instant;

/**
 * Where snapshot archives live, written and read as streams so an archive never has to fit in memory. The
 * filesystem implementation is the default; an object store fits the same shape.
 */
public interface BlobStore {

    /** Starts writing the blob {@code key}; nothing is readable under that key until {@link Writer#commit}. */
    Uni<Writer> create(String key);

    /** @return the blob, or null when there is none */
    Uni<Blob> open(String key);

    Uni<Void> delete(String key);

    /** The keys of every committed blob, listed lazily: a store may hold more of them than fit in memory. */
    Multi<String> keys();

    /**
     * Drops writes begun before {@code before} that were neither committed nor aborted, which is what a process
     * that died in the middle of a write leaves behind.
     *
     * @return how many were dropped
     */
    Uni<Integer> dropUnfinished(Instant before);

    /** A blob being written, one chunk at a time, in order. */
    interface Writer {

        /** Completes once the chunk is stored; the next chunk waits for it. */
        Uni<Void> write(Buffer chunk);

        /** Makes the whole blob readable under its key, replacing any earlier one. */
        Uni<Void> commit();

        /** Drops what was written. */
        Uni<Void> abort();
    }

    /** A stored blob, open for reading: its length and its content, read once, then closed. */
    interface Blob {

        long sizeBytes();

        ReadStream<Buffer> content();

        /** Releases what reading held (a file handle); due once the content has been read or abandoned. */
        Uni<Void> close();
    }
}
