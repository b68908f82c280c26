package dev.agentfactory.provider.cleanup;

import dev.agentfactory.platform.event.EventFactory;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.outbox.Outbox;
import dev.agentfactory.provider.ProviderConfig;
import dev.agentfactory.provider.command.CommandRequest.CleanupRequest;
import dev.agentfactory.provider.driver.MachineDriver;
import dev.agentfactory.platform.problem.ProblemException;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Billing protection for the one configured app: inventory machines, destroy each (bounded concurrency),
 * verify the count; then the same for volumes; report counts, warnings and errors (also as an event). Unlike
 * every other operation it includes machines without our deployment tag: it empties the app.
 */
@ApplicationScoped
public class CleanupService {

    private static final Logger LOG = Logger.getLogger(CleanupService.class);

    private final MachineDriver driver;
    private final Pool pool;
    private final Outbox outbox;
    private final EventFactory events;
    private final ProviderConfig config;
    private final AtomicBoolean running = new AtomicBoolean();

    public CleanupService(MachineDriver driver, Pool pool, Outbox outbox, EventFactory events, ProviderConfig config) {
        this.driver = driver;
        this.pool = pool;
        this.outbox = outbox;
        this.events = events;
        this.config = config;
    }

    @Scheduled(cron = "{af.provider.cleanup.cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return run(new CleanupRequest(config.cleanup().scheduledDryRun(), null, null), null).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("scheduled cleanup failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    public Uni<CleanupReport> run(CleanupRequest options, String commandId) {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().failure(ProblemException.conflict("cleanup-running", "a cleanup is already running"));
        }
        boolean dryRun = options != null && Boolean.TRUE.equals(options.dryRun());
        int machineConcurrency = options == null || options.machineConcurrency() == null
                ? config.cleanup().machineConcurrency() : options.machineConcurrency();
        int volumeConcurrency = options == null || options.volumeConcurrency() == null
                ? config.cleanup().volumeConcurrency() : options.volumeConcurrency();
        Instant startedAt = Instant.now();
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        if (dryRun) {
            warnings.add("dry run: nothing was destroyed; 'destroyed' counts what would have been");
        }
        Phase machines = new Phase("machine", dryRun, machineConcurrency, warnings, errors);
        Phase volumes = new Phase("volume", dryRun, volumeConcurrency, warnings, errors);
        return machines.run(driver.listMachines().map(ms -> ms.stream().map(m -> m.id()).toList()),
                        id -> driver.destroyMachine(id, true))
                .chain(machineTally -> volumes.run(driver.listVolumes().map(vs -> vs.stream().map(v -> v.id()).toList()),
                                driver::destroyVolume)
                        .map(volumeTally -> new CleanupReport(config.app(), commandId, dryRun, machineTally, volumeTally,
                                List.copyOf(warnings), List.copyOf(errors), startedAt, Instant.now())))
                .call(report -> pool.withTransaction(tx -> outbox.append(tx, Topics.PROVIDER_MACHINES,
                        events.create(CleanupReport.TYPE, config.app(), report))))
                .onTermination().invoke(() -> running.set(false));
    }

    /** Inventory, destroy each, verify: one pass over machines or volumes. */
    private record Phase(String kind, boolean dryRun, int concurrency, List<String> warnings, List<String> errors) {

        Uni<CleanupReport.Tally> run(Uni<List<String>> inventory, Function<String, Uni<Void>> destroy) {
            return inventory.chain(ids -> {
                if (dryRun || ids.isEmpty()) {
                    return Uni.createFrom().item(new CleanupReport.Tally(ids.size(), ids.size(), ids.size()));
                }
                return Multi.createFrom().iterable(ids)
                        .onItem().transformToUni(id -> destroy.apply(id).replaceWith(true)
                                .onFailure().recoverWithItem(e -> {
                                    errors.add(kind + " " + id + ": " + e.getMessage());
                                    return false;
                                }))
                        .merge(concurrency)
                        .collect().asList()
                        .map(done -> (int) done.stream().filter(ok -> ok).count())
                        .chain(destroyed -> inventory.map(left -> {
                            if (!left.isEmpty()) {
                                warnings.add(left.size() + " " + kind + "(s) still present after cleanup: " + left);
                            }
                            return new CleanupReport.Tally(ids.size(), destroyed, left.size());
                        }).onFailure().recoverWithItem(e -> {
                            errors.add(kind + " verification failed: " + e.getMessage());
                            return new CleanupReport.Tally(ids.size(), destroyed, ids.size() - destroyed);
                        }));
            }).onFailure().recoverWithItem(e -> {
                errors.add(kind + " inventory failed: " + e.getMessage());
                return new CleanupReport.Tally(0, 0, 0);
            });
        }
    }
}
