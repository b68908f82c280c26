package dev.agentfactory.provider.command;

import dev.agentfactory.platform.consumer.IncomingEvents;
import dev.agentfactory.platform.consumer.ProcessedEvents;
import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.provider.ProviderConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;

/**
 * Consumes {@code provider.command.requested}: records each command once (idempotent by commandId and by
 * eventId), refuses invalid ones and those for another app with {@code provider.command.failed}, and hands
 * new ones to the runner after the transaction committed. The offset is committed after that commit.
 */
@ApplicationScoped
public class CommandConsumer {

    static final String CONSUMER = "provider-commands";
    static final String TYPE = "provider.command.requested";

    private final Pool pool;
    private final ProcessedEvents processed;
    private final CommandStore store;
    private final CommandRunner runner;
    private final ProviderConfig config;

    public CommandConsumer(Pool pool, ProcessedEvents processed, CommandStore store, CommandRunner runner,
                           ProviderConfig config) {
        this.pool = pool;
        this.processed = processed;
        this.store = store;
        this.runner = runner;
        this.config = config;
    }

    @Incoming(Topics.CHANNEL_PROVIDER_COMMANDS)
    public Uni<Void> consume(String value) {
        EventEnvelope envelope = IncomingEvents.parse(value);
        if (!TYPE.equals(envelope.type())) {
            return Uni.createFrom().voidItem();
        }
        CommandRequest command;
        try {
            command = envelope.dataAs(CommandRequest.class);
        } catch (IllegalArgumentException e) {
            throw new IncomingEvents.MalformedEventException("command data is not a command: " + e.getMessage());
        }
        if (blank(command.commandId()) || blank(command.appName()) || !CommandValidator.knownAction(command.action())) {
            throw new IncomingEvents.MalformedEventException("a command needs commandId, appName and a known action");
        }
        String problem = CommandValidator.problem(command);
        String refusal = problem != null ? "invalid_command" : !config.app().equals(command.appName()) ? "wrong_app" : null;
        String reason = problem != null ? problem : "this provider acts only on app '" + config.app()
                + "', not '" + command.appName() + "'";
        return pool.withTransaction(tx -> processed.firstDelivery(tx, CONSUMER, envelope.eventId().toString())
                        .chain(first -> first ? store.insertRequested(tx, command) : Uni.createFrom().item(false))
                        .call(inserted -> inserted && refusal != null ? refuse(tx, command, refusal, reason)
                                : Uni.createFrom().voidItem()))
                .invoke(inserted -> {
                    if (inserted && refusal == null) {
                        runner.dispatch(command.commandId());
                    }
                })
                .replaceWithVoid();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private Uni<Void> refuse(SqlClient tx, CommandRequest c, String code, String reason) {
        CommandOutcome outcome = new CommandOutcome(c.commandId(), c.action(), c.appName(), c.workerId(), c.machineId(),
                c.volumeId(), 1, reason, code, null, Instant.now());
        return store.finish(tx, outcome, CommandOutcome.FAILED);
    }
}
