package dev.agentfactory.queue.snapshot;

import dev.agentfactory.queue.config.QueueConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Keeps the blob store to what a restore can use: a ready snapshot replaced by a newer one of the same
 * conversation, once the newer one has been ready for {@code af.queue.snapshots.keep-superseded}, and a snapshot
 * whose upload never became ready within {@code af.queue.snapshots.abandoned-after}, are deleted with their
 * archives. The latest ready snapshot of a conversation is never touched. Rows go first, in a statement of their
 * own; their archives follow once it has committed (a crash in between leaves an archive nothing refers to, never
 * a snapshot without its archive, and {@link OrphanedArchives} deletes such leftovers after each pruning).
 */
@ApplicationScoped
public class SnapshotRetention {

    private static final Logger LOG = Logger.getLogger(SnapshotRetention.class);

    private static final String DELETE_BATCH = "DELETE FROM queue.snapshots s WHERE s.snapshot_id IN ("
            + " SELECT o.snapshot_id FROM queue.snapshots o WHERE (o.status = 'ready' AND EXISTS ("
            + " SELECT 1 FROM queue.snapshots n WHERE n.status = 'ready' AND n.workspace_id = o.workspace_id"
            + " AND n.agent_key = o.agent_key AND n.conversation_id = o.conversation_id"
            + " AND n.finalized_at > o.finalized_at AND n.finalized_at < now() - $1 * interval '1 millisecond'))"
            + " OR (o.status <> 'ready' AND o.created_at < now() - $2 * interval '1 millisecond')"
            + " LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING s.snapshot_id";

    private final Pool pool;
    private final BlobStore blobs;
    private final OrphanedArchives orphans;
    private final QueueConfig.Snapshots config;
    private final Counter deleted;
    private final Counter orphansDeleted;

    public SnapshotRetention(Pool pool, BlobStore blobs, OrphanedArchives orphans, QueueConfig config,
            MeterRegistry registry) {
        this.pool = pool;
        this.blobs = blobs;
        this.orphans = orphans;
        this.config = config.snapshots();
        this.deleted = Counter.builder("af.queue.snapshots.deleted")
                .description("superseded or abandoned snapshots deleted with their archives").register(registry);
        this.orphansDeleted = Counter.builder("af.queue.snapshots.orphans.deleted")
                .description("archives and partial uploads no snapshot refers to, deleted").register(registry);
    }

    @Scheduled(every = "${af.queue.snapshots.prune-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return prune(0).chain(pruned -> orphans.sweep().invoke(swept -> {
            orphansDeleted.increment(swept);
            if (pruned + swept > 0) {
                LOG.infof("deleted %d superseded or abandoned snapshots, and %d files no snapshot refers to",
                        pruned, swept);
            }
        })).replaceWithVoid();
    }

    /** @return how many snapshots were deleted, batch after batch until none is due */
    private Uni<Integer> prune(int deletedSoFar) {
        Tuple args = Tuple.of(config.keepSuperseded().toMillis(), config.abandonedAfter().toMillis(),
                config.pruneBatch());
        return pool.preparedQuery(DELETE_BATCH).execute(args).chain(rows -> {
            List<UUID> ids = new ArrayList<>();
            for (Row row : rows) {
                ids.add(row.getUUID("snapshot_id"));
            }
            deleted.increment(ids.size());
            Uni<Integer> archives = Archives.delete(blobs, ids);
            int total = deletedSoFar + ids.size();
            return archives.chain(() -> ids.size() < config.pruneBatch() ? Uni.createFrom().item(total) : prune(total));
        });
    }
}
