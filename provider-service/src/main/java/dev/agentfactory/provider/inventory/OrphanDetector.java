package dev.agentfactory.provider.inventory;

import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.EventFactory;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.outbox.Outbox;
import dev.agentfactory.provider.ProviderConfig;
import dev.agentfactory.provider.driver.ObservedMachine;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares our machines with the fleet projection: a machine whose worker is unknown or stopped, and an
 * active, draining or parked worker without a machine, are orphans (past a grace period that covers creation in
 * flight). Each orphan is reported once, until it resolves.
 */
@ApplicationScoped
public class OrphanDetector {

    /** Worker statuses that have a machine: a parked (or parking) worker's is suspended, not gone. */
    private static final Set<String> NEEDS_MACHINE = Set.of("active", "draining", "parking", "parked");

    private final Outbox outbox;
    private final EventFactory events;
    private final ProviderConfig config;

    public OrphanDetector(Outbox outbox, EventFactory events, ProviderConfig config) {
        this.outbox = outbox;
        this.events = events;
        this.config = config;
    }

    /** Reports new orphans; answers every orphan currently seen. */
    public Uni<List<OrphanDetected>> detect(SqlClient tx, List<ObservedMachine> ours, Instant now) {
        return tx.preparedQuery("SELECT worker_id, status, machine_id, changed_at FROM provider.workers"
                        + " WHERE app_name IS NULL OR app_name = $1").execute(Tuple.of(config.app()))
                .chain(rows -> {
                    List<OrphanDetected> orphans = find(ours, workers(rows), now);
                    return remember(tx, orphans, now).replaceWith(orphans);
                });
    }

    private List<OrphanDetected> find(List<ObservedMachine> ours, Map<String, Row> workers, Instant now) {
        Instant graceStart = now.minus(config.inventory().orphanGrace());
        List<OrphanDetected> orphans = new ArrayList<>();
        Set<String> machineIds = new HashSet<>();
        Set<String> workersWithMachine = new HashSet<>();
        for (ObservedMachine m : ours) {
            machineIds.add(m.id());
            if (m.workerId() != null) {
                workersWithMachine.add(m.workerId());
            }
            Row worker = m.workerId() == null ? null : workers.get(m.workerId());
            boolean ownerless = worker == null || "stopped".equals(worker.getString("status"));
            boolean settled = m.createdAt() == null || m.createdAt().isBefore(graceStart);
            if (ownerless && settled) {
                orphans.add(new OrphanDetected(config.app(), OrphanDetected.MACHINE_WITHOUT_WORKER, m.id(), m.workerId(), now));
            }
        }
        workers.forEach((workerId, w) -> {
            boolean needsMachine = NEEDS_MACHINE.contains(w.getString("status"));
            boolean settled = w.getOffsetDateTime("changed_at").toInstant().isBefore(graceStart);
            boolean hasMachine = workersWithMachine.contains(workerId)
                    || (w.getString("machine_id") != null && machineIds.contains(w.getString("machine_id")));
            if (needsMachine && settled && !hasMachine) {
                orphans.add(new OrphanDetected(config.app(), OrphanDetected.WORKER_WITHOUT_MACHINE,
                        w.getString("machine_id"), workerId, now));
            }
        });
        return orphans;
    }

    /** Inserts the orphans not reported yet (and publishes them); forgets those that resolved. */
    private Uni<Void> remember(SqlClient tx, List<OrphanDetected> orphans, Instant now) {
        List<String> kinds = orphans.stream().map(OrphanDetected::kind).toList();
        List<String> refs = orphans.stream().map(OrphanDetected::ref).toList();
        return tx.preparedQuery("DELETE FROM provider.orphans o WHERE NOT EXISTS (SELECT 1 FROM unnest($1::text[],"
                        + " $2::text[]) AS s(kind, ref) WHERE s.kind = o.kind AND s.ref = o.ref)")
                .execute(Tuple.of(kinds.toArray(String[]::new), refs.toArray(String[]::new)))
                .chain(() -> tx.preparedQuery("INSERT INTO provider.orphans (kind, ref, detected_at) SELECT kind, ref, $3"
                                + " FROM unnest($1::text[], $2::text[]) AS s(kind, ref) ON CONFLICT DO NOTHING RETURNING kind, ref")
                        .execute(Tuple.of(kinds.toArray(String[]::new), refs.toArray(String[]::new), now.atOffset(ZoneOffset.UTC))))
                .chain(inserted -> {
                    Set<String> fresh = new HashSet<>();
                    inserted.forEach(r -> fresh.add(r.getString(0) + "|" + r.getString(1)));
                    List<EventEnvelope> reports = orphans.stream().filter(o -> fresh.contains(o.kind() + "|" + o.ref()))
                            .map(o -> events.create(OrphanDetected.TYPE, o.subject(), o, now)).toList();
                    return outbox.appendAll(tx, Topics.PROVIDER_MACHINES, reports);
                });
    }

    private static Map<String, Row> workers(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        Map<String, Row> workers = new HashMap<>();
        rows.forEach(r -> workers.put(r.getString("worker_id"), r));
        return workers;
    }
}
