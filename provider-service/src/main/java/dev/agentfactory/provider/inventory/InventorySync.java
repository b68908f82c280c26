package dev.agentfactory.provider.inventory;

import dev.agentfactory.provider.ProviderConfig;
import dev.agentfactory.provider.driver.MachineDriver;
import dev.agentfactory.provider.driver.ObservedMachine;
import dev.agentfactory.provider.driver.ObservedVolume;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lists the app's machines and volumes on a schedule, records the state of ours (changes become observed
 * events) and reports orphans. Foreign machines are listed but neither recorded nor reported.
 */
@ApplicationScoped
public class InventorySync {

    private static final Logger LOG = Logger.getLogger(InventorySync.class);

    private final MachineDriver driver;
    private final Pool pool;
    private final ObservationStore observations;
    private final OrphanDetector orphans;
    private final ProviderConfig config;

    public InventorySync(MachineDriver driver, Pool pool, ObservationStore observations, OrphanDetector orphans,
                         ProviderConfig config) {
        this.driver = driver;
        this.pool = pool;
        this.observations = observations;
        this.orphans = orphans;
        this.config = config;
    }

    /** What one sync saw. */
    public record SyncReport(int machines, int foreignMachines, int volumes, List<OrphanDetected> orphans, Instant at) {
    }

    @Scheduled(every = "{af.provider.inventory.every}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return sync().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("inventory sync failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    public Uni<SyncReport> sync() {
        Instant now = Instant.now();
        return driver.listMachines().chain(all -> driver.listVolumes().chain(volumes -> {
            List<ObservedMachine> ours = all.stream().filter(m -> m.taggedWith(config.deployment())).toList();
            return pool.withTransaction(tx -> observations.knownVolumes(tx).chain(known -> {
                Set<String> ourVolumeIds = new HashSet<>(known);
                ours.stream().map(ObservedMachine::volumeId).filter(id -> id != null).forEach(ourVolumeIds::add);
                List<ObservedVolume> ourVolumes = volumes.stream().filter(v -> ourVolumeIds.contains(v.id())).toList();
                return observations.sync(tx, ours, ourVolumes)
                        .chain(() -> orphans.detect(tx, ours, now))
                        .map(found -> new SyncReport(ours.size(), all.size() - ours.size(), ourVolumes.size(), found, now));
            }));
        }));
    }
}
