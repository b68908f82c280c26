package dev.agentfactory.queue.snapshot;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;

/** Where snapshot archives live. The filesystem implementation is the default; an object store fits the same shape. */
public interface BlobStore {

    Uni<Void> put(String key, Buffer content);

    /** @return the content, or null when there is none */
    Uni<Buffer> get(String key);

    Uni<Void> delete(String key);
}
