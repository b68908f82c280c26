package dev.agentfactory.queue.sweep;

import dev.agentfactory.queue.lease.HeadStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Repairs rows that lost their lease metadata (a lock without a leased head, a leased message without its
 * conversation's lock, a lock without an expiry): the message is queued again at its place and the
 * conversation's head re-derived. Normal operation never produces such rows; this is the safety net.
 */
@ApplicationScoped
public class LeaseRepair {

    private static final Logger LOG = Logger.getLogger(LeaseRepair.class);

    private static final String ORPHAN_LOCKS = "UPDATE queue.conversations c SET lease_id = NULL, worker_id = NULL,"
            + " lease_expires_at = NULL WHERE c.lease_id IS NOT NULL AND (c.lease_expires_at IS NULL OR NOT EXISTS ("
            + " SELECT 1 FROM queue.messages m WHERE m.seq = c.head_seq AND m.status = 'leased'"
            + " AND m.lease_id = c.lease_id)) RETURNING c.conversation_id";

    private static final String ORPHAN_MESSAGES = "UPDATE queue.messages m SET status = 'queued'"
            + " WHERE m.status = 'leased' AND NOT EXISTS (SELECT 1 FROM queue.conversations c WHERE c.lease_id = m.lease_id"
            + " AND c.head_seq = m.seq) RETURNING m.conversation_id";

    private final Pool pool;
    private final HeadStore heads;

    public LeaseRepair(Pool pool, HeadStore heads) {
        this.pool = pool;
        this.heads = heads;
    }

    @Scheduled(every = "${af.queue.repair-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return repairOnce().replaceWithVoid();
    }

    public Uni<Integer> repairOnce() {
        return pool.withTransaction(tx -> tx.query(ORPHAN_LOCKS).execute()
                .chain(locks -> tx.query(ORPHAN_MESSAGES).execute().map(messages -> conversations(locks, messages)))
                .chain(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(id -> heads.refresh(tx, id))
                        .collect().asList().replaceWith(ids.size())))
                .invoke(repaired -> {
                    if (repaired > 0) {
                        LOG.warnf("repaired %d conversations with inconsistent lease metadata", repaired);
                    }
                });
    }

    private static Set<String> conversations(RowSet<Row> first, RowSet<Row> second) {
        Set<String> ids = new LinkedHashSet<>();
        first.forEach(row -> ids.add(row.getString("conversation_id")));
        second.forEach(row -> ids.add(row.getString("conversation_id")));
        return ids;
    }
}
