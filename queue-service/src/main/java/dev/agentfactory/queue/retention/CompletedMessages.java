package dev.agentfactory.queue.retention;

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

/**
 * Deletes completed messages once their retention has passed, so the message table holds the live queue and
 * recent history rather than everything ever delivered. Dead letters stay until redriven, queued and leased
 * messages are never touched, and the lifecycle events of a deleted message stay in the event log. Each window
 * is a statement (a transaction) of its own, so the hot path never waits behind a long delete.
 */
@ApplicationScoped
public class CompletedMessages {

    private static final Logger LOG = Logger.getLogger(CompletedMessages.class);

    // walks the table in seq order (the primary key), a window at a time, from the oldest row: a walk that went
    // back to the start for every batch would read the rows it had just deleted again and again. A completed
    // message never changes again, so what the window read of it still holds when it is deleted. The walk ends
    // at the first window stored entirely after the cutoff: later rows cannot have finished before it.
    private static final String DELETE_WINDOW = "WITH win AS ("
            + " SELECT seq, status, finished_at, enqueued_at FROM queue.messages WHERE seq > $1 ORDER BY seq LIMIT $2"
            + "), gone AS ("
            + " DELETE FROM queue.messages m USING win WHERE m.seq = win.seq AND win.status = 'done'"
            + " AND win.finished_at < now() - $3 * interval '1 millisecond' RETURNING m.seq"
            + ") SELECT max(win.seq) AS last_seq, (SELECT count(*) FROM gone) AS deleted,"
            + " coalesce(min(win.enqueued_at) >= now() - $3 * interval '1 millisecond', true) AS past_cutoff FROM win";

    private final Pool pool;
    private final QueueConfig config;
    private final Counter deleted;

    public CompletedMessages(Pool pool, QueueConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.config = config;
        this.deleted = Counter.builder("af.queue.retention.deleted")
                .description("completed messages deleted after their retention").register(registry);
    }

    @Scheduled(every = "${af.queue.retention.interval:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return prune().invoke(count -> {
            if (count > 0) {
                LOG.infof("deleted %d completed messages older than %s", count, config.retention().completed());
            }
        }).replaceWithVoid();
    }

    /** @return how many completed messages past their retention were deleted (a walk over the older rows) */
    public Uni<Long> prune() {
        return pruneAfter(0L, 0L);
    }

    private Uni<Long> pruneAfter(long afterSeq, long deletedSoFar) {
        Tuple args = Tuple.of(afterSeq, config.retention().batch(), config.retention().completed().toMillis());
        return pool.preparedQuery(DELETE_WINDOW).execute(args).chain(rows -> {
            Row window = rows.iterator().next();
            long count = window.getLong("deleted");
            deleted.increment(count);
            long total = deletedSoFar + count;
            return window.getBoolean("past_cutoff") ? Uni.createFrom().item(total)
                    : pruneAfter(window.getLong("last_seq"), total);
        });
    }
}
