package dev.agentfactory.queue.snapshot;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** Deletes snapshots' archives one after the other; one that fails is logged and the others still go. */
final class Archives {

    private static final Logger LOG = Logger.getLogger(Archives.class);

    private Archives() {
    }

    /** @return how many were deleted */
    static Uni<Integer> delete(BlobStore blobs, List<UUID> snapshotIds) {
        return Multi.createFrom().iterable(snapshotIds)
                .onItem().transformToUniAndConcatenate(id -> blobs.delete(id.toString()).replaceWith(1)
                        .onFailure().invoke(failure -> LOG.warnf("archive of snapshot %s not deleted: %s", id,
                                failure.getMessage()))
                        .onFailure().recoverWithItem(0))
                .collect().with(Collectors.summingInt(Integer::intValue));
    }
}
