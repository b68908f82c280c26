package dev.agentfactory.queue.sweep;

import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.queue.claim.AfterCommit;
import dev.agentfactory.queue.claim.HandOff;
import dev.agentfactory.queue.depth.DepthTracker;
import dev.agentfactory.queue.event.LifecycleData;
import dev.agentfactory.queue.event.LifecycleEvents;
import dev.agentfactory.queue.event.MessageRef;
import dev.agentfactory.queue.lease.HeadStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Repairs rows that lost their lease metadata (a lock without a leased head, a leased message without its
 * conversation's lock, a lock without an expiry): the message is queued again at its place, its lease ends with a
 * {@code lease-expired} event that says why, and the conversation's head is re-derived. Like every change that
 * makes a conversation claimable, the repair hands it to a claim waiting on this instance or announces it
 * ({@link HandOff}). Normal operation never produces such rows; this is the safety net.
 */
@ApplicationScoped
public class LeaseRepair {

    static final String LOST = "lease lost: its lease metadata was inconsistent";

    private static final Logger LOG = Logger.getLogger(LeaseRepair.class);

    private static final String ORPHAN_LOCKS = "UPDATE queue.conversations c SET lease_id = NULL, worker_id = NULL,"
            + " lease_expires_at = NULL WHERE c.lease_id IS NOT NULL AND (c.lease_expires_at IS NULL OR NOT EXISTS ("
            + " SELECT 1 FROM queue.messages m WHERE m.seq = c.head_seq AND m.status = 'leased'"
            + " AND m.lease_id = c.lease_id)) RETURNING c.conversation_id, c.workspace_id";

    private static final String ORPHAN_MESSAGES = "UPDATE queue.messages m SET status = 'queued'"
            + " WHERE m.status = 'leased' AND NOT EXISTS (SELECT 1 FROM queue.conversations c WHERE c.lease_id = m.lease_id"
            + " AND c.head_seq = m.seq) RETURNING m.message_id, m.conversation_id, m.workspace_id, m.agent_key,"
            + " m.attempt, m.lease_id, m.worker_id";

    private final Pool pool;
    private final HeadStore heads;
    private final LifecycleEvents events;
    private final DepthTracker depth;
    private final HandOff handOff;

    public LeaseRepair(Pool pool, HeadStore heads, LifecycleEvents events, DepthTracker depth, HandOff handOff) {
        this.pool = pool;
        this.heads = heads;
        this.events = events;
        this.depth = depth;
        this.handOff = handOff;
    }

    @Scheduled(every = "${af.queue.repair-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return repairOnce().replaceWithVoid();
    }

    /** @return how many conversations were repaired */
    public Uni<Integer> repairOnce() {
        AfterCommit after = new AfterCommit();
        return handOff.settle(pool.withTransaction(tx -> tx.query(ORPHAN_LOCKS).execute()
                .chain(locks -> tx.query(ORPHAN_MESSAGES).execute().map(messages -> new Repaired(locks, messages)))
                .chain(repaired -> rederiveHeads(tx, repaired, after))), after)
                .invoke(repaired -> {
                    if (repaired > 0) {
                        LOG.warnf("repaired %d conversations with inconsistent lease metadata", repaired);
                    }
                });
    }

    private Uni<Integer> rederiveHeads(SqlClient tx, Repaired repaired, AfterCommit after) {
        if (repaired.conversations.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        AtomicInteger readyNow = new AtomicInteger();
        return Multi.createFrom().iterable(repaired.conversations)
                .onItem().transformToUniAndConcatenate(id -> heads.refresh(tx, id).invoke(due -> {
                    if (after.head(due)) {
                        readyNow.incrementAndGet();
                    }
                }))
                .collect().asList()
                .chain(() -> handOff.conversationsReady(tx, readyNow.get(), repaired.leasesLost(events), after))
                .invoke(() -> repaired.workspaces.forEach(depth::changed))
                .replaceWith(repaired.conversations.size());
    }

    /** What the two repair statements touched: the conversations, their workspaces and the requeued messages. */
    private static final class Repaired {

        final Set<String> conversations = new LinkedHashSet<>();
        final Set<String> workspaces = new LinkedHashSet<>();
        final List<Row> requeued = new ArrayList<>();

        Repaired(RowSet<Row> locks, RowSet<Row> messages) {
            for (Row row : locks) {
                conversations.add(row.getString("conversation_id"));
                workspaces.add(row.getString("workspace_id"));
            }
            for (Row row : messages) {
                conversations.add(row.getString("conversation_id"));
                workspaces.add(row.getString("workspace_id"));
                requeued.add(row);
            }
        }

        List<EventEnvelope> leasesLost(LifecycleEvents events) {
            return requeued.stream().map(row -> events.event(LifecycleEvents.LEASE_EXPIRED,
                    LifecycleData.of(MessageRef.from(row)).withLease(row.getString("worker_id"), leaseId(row), null)
                            .withFailure(LOST, null, null))).toList();
        }

        private static String leaseId(Row row) {
            UUID lease = row.getUUID("lease_id");
            return lease == null ? null : lease.toString();
        }
    }
}
