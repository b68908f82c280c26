package dev.agentfactory.provider.inventory;

import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.EventFactory;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.outbox.Outbox;
import dev.agentfactory.provider.ProviderConfig;
import dev.agentfactory.provider.driver.ObservedMachine;
import dev.agentfactory.provider.driver.ObservedVolume;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The last provider-observed state of our machines and volumes. Recording an observation publishes an
 * observed event (through the outbox, same transaction) only when something changed.
 */
@ApplicationScoped
public class ObservationStore {

    private static final String UPSERT_MACHINE = "INSERT INTO provider.machines (machine_id, app_name, state, worker_id,"
            + " command_id, volume_id, region, instance_id, observed_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)"
            + " ON CONFLICT (machine_id) DO UPDATE SET state = $3, worker_id = $4, command_id = $5, volume_id = $6,"
            + " region = $7, instance_id = $8, observed_at = $9";
    private static final String MACHINE_GONE = "UPDATE provider.machines SET state = 'destroyed', observed_at = $2"
            + " WHERE machine_id = $1";
    private static final String UPSERT_VOLUME = "INSERT INTO provider.volumes (volume_id, app_name, name, state, size_gb,"
            + " attached_machine_id, observed_at) VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (volume_id) DO UPDATE"
            + " SET name = COALESCE($3, volumes.name), state = $4, size_gb = $5, attached_machine_id = $6, observed_at = $7";

    private final Outbox outbox;
    private final EventFactory events;
    private final String app;

    public ObservationStore(Outbox outbox, EventFactory events, ProviderConfig config) {
        this.outbox = outbox;
        this.events = events;
        this.app = config.app();
    }

    /** Records what a command saw. */
    public Uni<Void> observe(SqlClient tx, List<ObservedMachine> machines, List<ObservedVolume> volumes) {
        return record(tx, machines, volumes, false);
    }

    /**
     * Records a complete inventory of our machines and volumes: anything recorded as alive but missing from it
     * is now destroyed.
     */
    public Uni<Void> sync(SqlClient tx, List<ObservedMachine> machines, List<ObservedVolume> volumes) {
        return record(tx, machines, volumes, true);
    }

    /** Ids of volumes we created or saw attached to our machines. */
    public Uni<Set<String>> knownVolumes(SqlClient client) {
        return client.preparedQuery("SELECT volume_id FROM provider.volumes WHERE app_name = $1").execute(Tuple.of(app))
                .map(rows -> {
                    Set<String> ids = new HashSet<>();
                    rows.forEach(r -> ids.add(r.getString(0)));
                    return ids;
                });
    }

    private Uni<Void> record(SqlClient tx, List<ObservedMachine> machines, List<ObservedVolume> volumes, boolean complete) {
        Instant now = Instant.now();
        return current(tx, "SELECT machine_id, state, instance_id, volume_id FROM provider.machines WHERE app_name = $1")
                .chain(knownMachines -> current(tx, "SELECT volume_id, state, attached_machine_id, size_gb::text"
                        + " FROM provider.volumes WHERE app_name = $1").chain(knownVolumes -> {
                    List<EventEnvelope> changes = new ArrayList<>();
                    List<Tuple> machineRows = new ArrayList<>();
                    List<Tuple> volumeRows = new ArrayList<>();
                    Set<String> seen = new HashSet<>();
                    for (ObservedMachine m : machines) {
                        seen.add(m.id());
                        if (!List.of(m.state(), nz(m.instanceId()), nz(m.volumeId())).equals(knownMachines.get(m.id()))) {
                            machineRows.add(Tuple.from(Arrays.asList(m.id(), app, m.state(), m.workerId(), m.commandId(),
                                    m.volumeId(), m.region(), m.instanceId(), now.atOffset(ZoneOffset.UTC))));
                            changes.add(events.create(MachineObserved.TYPE, m.id(), new MachineObserved(m.id(), app, m.state(),
                                    m.workerId(), m.region(), m.instanceId(), m.volumeId(), now)));
                        }
                    }
                    Set<String> seenVolumes = new HashSet<>();
                    for (ObservedVolume v : volumes) {
                        seenVolumes.add(v.id());
                        List<String> state = List.of(v.state(), nz(v.attachedMachineId()), Integer.toString(v.sizeGb()));
                        if (!state.equals(knownVolumes.get(v.id()))) {
                            volumeRows.add(volumeRow(v.id(), v.name(), v.state(), v.sizeGb(), v.attachedMachineId(), now));
                            changes.add(volumeEvent(v.id(), v.state(), v.attachedMachineId(), v.sizeGb(), now));
                        }
                    }
                    List<Tuple> goneRows = new ArrayList<>();
                    if (complete) {
                        knownMachines.forEach((id, state) -> {
                            if (!seen.contains(id) && !state.get(0).equals("destroyed")) {
                                goneRows.add(Tuple.of(id, now.atOffset(ZoneOffset.UTC)));
                                changes.add(events.create(MachineObserved.TYPE, id, new MachineObserved(id, app,
                                        "destroyed", null, null, null, null, now)));
                            }
                        });
                        knownVolumes.forEach((id, state) -> {
                            if (!seenVolumes.contains(id) && !state.get(0).equals("destroyed")) {
                                volumeRows.add(volumeRow(id, null, "destroyed", size(state.get(2)), null, now));
                                changes.add(volumeEvent(id, "destroyed", null, size(state.get(2)), now));
                            }
                        });
                    }
                    return batch(tx, UPSERT_MACHINE, machineRows)
                            .chain(() -> batch(tx, MACHINE_GONE, goneRows))
                            .chain(() -> batch(tx, UPSERT_VOLUME, volumeRows))
                            .chain(() -> outbox.appendAll(tx, Topics.PROVIDER_MACHINES, changes));
                }));
    }

    private Tuple volumeRow(String id, String name, String state, Integer sizeGb, String attached, Instant now) {
        return Tuple.from(Arrays.asList(id, app, name, state, sizeGb, attached, now.atOffset(ZoneOffset.UTC)));
    }

    private EventEnvelope volumeEvent(String id, String state, String attached, Integer sizeGb, Instant now) {
        return events.create(VolumeObserved.TYPE, id, new VolumeObserved(id, app, state, attached,
                sizeGb == null || sizeGb < 1 ? null : sizeGb, now));
    }

    private Uni<Map<String, List<String>>> current(SqlClient tx, String sql) {
        return tx.preparedQuery(sql).execute(Tuple.of(app)).map(rows -> {
            Map<String, List<String>> known = new HashMap<>();
            for (Row r : rows) {
                known.put(r.getString(0), List.of(r.getString(1), nz(r.getString(2)), nz(r.getString(3))));
            }
            return known;
        });
    }

    private static Uni<Void> batch(SqlClient tx, String sql, List<Tuple> rows) {
        return rows.isEmpty() ? Uni.createFrom().voidItem() : tx.preparedQuery(sql).executeBatch(rows).replaceWithVoid();
    }

    private static Integer size(String text) {
        return text == null || text.isEmpty() ? null : Integer.valueOf(text);
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }

}
