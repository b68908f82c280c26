package dev.agentfactory.provider.command;

import dev.agentfactory.provider.ProviderConfig;
import dev.agentfactory.provider.driver.DriverException;
import dev.agentfactory.provider.inventory.ObservationStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs commands: one attempt at a time per command, retries after a backoff (kept in the record, so a restart
 * resumes them through the sweep), and the outcome recorded with its events. A running attempt holds a lease in
 * its row, renewed while it runs, so across instances too a command has one attempt at a time; when a runner
 * dies, its commands are taken over once their leases expire.
 */
@ApplicationScoped
public class CommandRunner {

    private static final Logger LOG = Logger.getLogger(CommandRunner.class);

    private final CommandStore store;
    private final CommandExecutor executor;
    private final ObservationStore observations;
    private final RetryPolicy retry;
    private final Duration lease;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** The commands whose attempt this instance began: the leases it renews (a subset of inFlight). */
    private final Set<String> leased = ConcurrentHashMap.newKeySet();

    public CommandRunner(CommandStore store, CommandExecutor executor, ObservationStore observations, ProviderConfig config) {
        this.store = store;
        this.executor = executor;
        this.observations = observations;
        this.retry = new RetryPolicy(config.commands().maxAttempts(), config.commands().backoff(),
                config.commands().maxBackoff());
        this.lease = config.commands().attemptLease();
    }

    /** Starts the command's next attempt unless it is already running here, finished, or not due. */
    public void dispatch(String commandId) {
        if (!inFlight.add(commandId)) {
            return;
        }
        store.begin(commandId, lease)
                .invoke(record -> record.ifPresent(r -> leased.add(commandId)))
                .chain(record -> record.isEmpty() ? Uni.createFrom().<Duration>nullItem() : attempt(record.get()))
                .onTermination().invoke(() -> {
                    leased.remove(commandId);
                    inFlight.remove(commandId);
                })
                .subscribe().with(retryIn -> {
                    if (retryIn != null) {
                        // a little after next_attempt_at, so begin() finds the command due
                        Uni.createFrom().voidItem().onItem().delayIt().by(retryIn.plusMillis(50))
                                .subscribe().with(ok -> dispatch(commandId));
                    }
                }, e -> LOG.errorf(e, "command %s could not be recorded", commandId));
    }

    @Scheduled(every = "{af.provider.commands.sweep-every}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        return store.due(500).invoke(ids -> ids.forEach(this::dispatch)).replaceWithVoid()
                .onFailure().invoke(e -> LOG.debugf("command sweep failed: %s", e.getMessage())).onFailure().recoverWithNull();
    }

    /** Keeps the leases of this instance's running attempts alive (a third of the lease, see the config). */
    @Scheduled(every = "{af.provider.commands.lease-renew-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> renewLeases() {
        return store.renew(Set.copyOf(leased), lease)
                .onFailure().invoke(e -> LOG.warnf("command leases not renewed: %s", e.getMessage())).onFailure().recoverWithNull();
    }

    /** Runs one attempt and records its outcome; answers the delay before the next attempt, or null. */
    private Uni<Duration> attempt(CommandRecord r) {
        return executor.execute(r)
                .chain(result -> store.finish(outcome(r, result.machineId(), result.volumeId(), null, null, null),
                        CommandOutcome.SUCCEEDED, tx -> observations.observe(tx, result.machines(), result.volumes())))
                .replaceWith((Duration) null)
                .onFailure().recoverWithUni(e -> failed(r, e));
    }

    private Uni<Duration> failed(CommandRecord r, Throwable e) {
        DriverException d = e instanceof DriverException de ? de
                : DriverException.transientFailure("internal", e.getClass().getSimpleName() + ": " + e.getMessage());
        if (!(e instanceof DriverException)) {
            LOG.warnf(e, "command %s attempt %d failed unexpectedly", r.commandId(), r.attempt());
        }
        if (!d.retryable() || retry.exhausted(r.attempt())) {
            String error = d.retryable() ? d.getMessage() + " (gave up after " + r.attempt() + " attempts)" : d.getMessage();
            return store.finish(outcome(r, r.machineId(), r.volumeId(), error, d.code(), null), CommandOutcome.FAILED,
                    tx -> Uni.createFrom().voidItem()).replaceWith((Duration) null);
        }
        Duration delay = retry.delayAfter(r.attempt(), d.retryAfter());
        Instant next = Instant.now().plus(delay);
        return store.finish(outcome(r, r.machineId(), r.volumeId(), d.getMessage(), d.code(), next),
                        CommandOutcome.RETRYING, tx -> Uni.createFrom().voidItem())
                .replaceWith(delay);
    }

    private static CommandOutcome outcome(CommandRecord r, String machineId, String volumeId, String error,
                                          String errorCode, Instant next) {
        String message = error == null ? null : error.length() > 3900 ? error.substring(0, 3900) : error;
        return new CommandOutcome(r.commandId(), r.action(), r.appName(), r.workerId(), machineId, volumeId,
                Math.max(r.attempt(), 1), message, errorCode, next, Instant.now());
    }
}
