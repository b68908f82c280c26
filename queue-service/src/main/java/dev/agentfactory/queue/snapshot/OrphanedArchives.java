package dev.agentfactory.queue.snapshot;

import dev.agentfactory.queue.config.QueueConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Deletes what the blob store holds that no snapshot refers to, after each pruning by {@link SnapshotRetention}:
 * an archive whose snapshot was pruned by a process that died before deleting the file, or whose upload finished
 * after its abandoned snapshot was pruned, and a partial write that a dying process left, once it is older than
 * {@code af.queue.snapshots.abandoned-after}.
 * <p>
 * An archive is only ever written under the id of a snapshot that already exists (begin commits before any
 * content is accepted), so an archive listed first and found without its snapshot afterwards has none any more.
 * Keys that are not snapshot ids are not this service's and are left alone.
 */
@ApplicationScoped
public class OrphanedArchives {

    private static final String EXISTING = "SELECT snapshot_id FROM queue.snapshots WHERE snapshot_id = ANY($1)";

    private final Pool pool;
    private final BlobStore blobs;
    private final QueueConfig.Snapshots config;

    public OrphanedArchives(Pool pool, BlobStore blobs, QueueConfig config) {
        this.pool = pool;
        this.blobs = blobs;
        this.config = config.snapshots();
    }

    /** @return how many files were deleted */
    Uni<Integer> sweep() {
        Instant unfinishedBefore = Instant.now().minus(config.abandonedAfter());
        return blobs.dropUnfinished(unfinishedBefore).chain(partials -> blobs.keys()
                .select().where(OrphanedArchives::isSnapshotId).map(UUID::fromString)
                .group().intoLists().of(config.pruneBatch())
                .onItem().transformToUniAndConcatenate(this::deleteOrphans)
                .collect().with(Collectors.summingInt(Integer::intValue))
                .map(archives -> partials + archives));
    }

    private Uni<Integer> deleteOrphans(List<UUID> ids) {
        return pool.preparedQuery(EXISTING).execute(Tuple.of(ids.toArray(UUID[]::new))).chain(rows -> {
            Set<UUID> existing = new HashSet<>();
            for (Row row : rows) {
                existing.add(row.getUUID("snapshot_id"));
            }
            List<UUID> orphans = ids.stream().filter(id -> !existing.contains(id)).toList();
            return Archives.delete(blobs, orphans);
        });
    }

    private static boolean isSnapshotId(String key) {
        try {
            return UUID.fromString(key).toString().equals(key);
        } catch (IllegalArgumentException notOurs) {
            return false;
        }
    }
}
