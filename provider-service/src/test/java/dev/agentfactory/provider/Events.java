package dev.agentfactory.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.testing.Contracts;
import dev.agentfactory.platform.testing.TopicProbe;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** Reads af.provider.machines.v1 of this run; every event handed out has been checked against its contract. */
public final class Events implements AutoCloseable {

    private final TopicProbe probe = new TopicProbe(Topics.PROVIDER_MACHINES);

    public JsonNode await(String type, String field, String value) {
        return await(TopicProbe.ofType(type, field, value), Duration.ofSeconds(60));
    }

    public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        JsonNode event = probe.await(match, timeout);
        Contracts.assertValid(Json.write(event));
        return event;
    }

    /** The outcome (succeeded or failed) of a command. */
    public JsonNode outcome(String commandId) {
        return await(e -> commandId.equals(e.path("data").path("commandId").asText())
                && List.of("provider.command.succeeded", "provider.command.failed").contains(e.path("type").asText()),
                Duration.ofSeconds(60));
    }

    /** Every event seen so far after a quiet period, each validated. */
    public List<JsonNode> all(Duration quietFor) {
        return probe.drain(quietFor).stream().map(r -> {
            Contracts.assertValid(r.value());
            JsonNode event = Json.read(r.value(), JsonNode.class);
            if (!event.path("subject").asText().equals(r.key())) {
                throw new AssertionError("subject " + event.path("subject") + " differs from the key " + r.key());
            }
            return event;
        }).toList();
    }

    public List<JsonNode> matching(Duration quietFor, Predicate<JsonNode> match) {
        return all(quietFor).stream().filter(match).toList();
    }

    public static Predicate<JsonNode> forCommand(String type, String commandId) {
        return TopicProbe.ofType(type, "commandId", commandId);
    }

    @Override
    public void close() {
        probe.close();
    }
}
