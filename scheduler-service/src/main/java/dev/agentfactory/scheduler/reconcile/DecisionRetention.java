package dev.agentfactory.scheduler.reconcile;

import dev.agentfactory.scheduler.fleet.WorkerStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;

/**
 * Keeps the decision audit bounded. A reconcile follows every depth change, so a busy queue adds up to a row a
 * second; rows older than {@code af.scheduler.decisions.keep} (default 7 days) are deleted on a timer
 * ({@code af.scheduler.decisions.prune-every}, default hourly), in batches so that no single statement holds the
 * table for long. The newest decision always stays: {@code GET /v1/capacity} shows it.
 */
@ApplicationScoped
public class DecisionRetention {

    private static final Logger LOG = Logger.getLogger(DecisionRetention.class);
    private static final int BATCH = 5_000;

    private final Pool pool;
    private final Duration keep;

    public DecisionRetention(Pool pool, @ConfigProperty(name = "af.scheduler.decisions.keep", defaultValue = "P7D") Duration keep) {
        this.pool = pool;
        this.keep = keep;
    }

    @Scheduled(every = "${af.scheduler.decisions.prune-every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> scheduled() {
        return prune(Instant.now()).invoke(deleted -> {
            if (deleted > 0) {
                LOG.infof("pruned %d reconcile decisions older than %s", deleted, keep);
            }
        }).replaceWithVoid();
    }

    /** Deletes every decision older than the retention at {@code now} except the newest; answers how many. */
    public Uni<Long> prune(Instant now) {
        return deleteBatch(now.minus(keep), 0L);
    }

    private Uni<Long> deleteBatch(Instant cutoff, long deletedSoFar) {
        return pool.preparedQuery("DELETE FROM scheduler.decisions WHERE id IN (SELECT id FROM scheduler.decisions"
                        + " WHERE decided_at < $1 AND id < (SELECT max(id) FROM scheduler.decisions) LIMIT $2)")
                .execute(Tuple.of(WorkerStore.utc(cutoff), BATCH))
                .chain(rows -> rows.rowCount() < BATCH
                        ? Uni.createFrom().item(deletedSoFar + rows.rowCount())
                        : deleteBatch(cutoff, deletedSoFar + rows.rowCount()));
    }
}
