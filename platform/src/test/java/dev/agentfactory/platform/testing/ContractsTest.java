package dev.agentfactory.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContractsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The event types of DESIGN.md; a type added or dropped in the schemas must be added or dropped here too. */
    private static final Set<String> DESIGNED_TYPES = Set.of(
            "message.enqueued",
            "queue.message.enqueued", "queue.message.claimed", "queue.message.lease-expired",
            "queue.message.completed", "queue.message.failed", "queue.message.retry-scheduled",
            "queue.message.dead-lettered", "queue.message.redriven",
            "queue.depth",
            "worker.first-claim", "worker.claimed", "worker.idle", "worker.heartbeat-stale",
            "worker.status-changed",
            "provider.command.requested",
            "provider.machine.observed", "provider.volume.observed",
            "provider.command.succeeded", "provider.command.retrying", "provider.command.failed",
            "provider.cleanup.reported", "provider.orphan.detected",
            "catalog.agent.updated", "catalog.agent.deleted",
            "skills.version.released", "skills.status.changed", "skills.deleted");

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Contracts.contractsDir().resolve("examples"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleIsValid(Path example) throws IOException {
        String json = Files.readString(example);
        Contracts.assertValid(json);
        String type = JSON.readTree(json).path("type").asText();
        assertEquals(type + ".json", example.getFileName().toString(), "an example is named after its type");
    }

    @Test
    void theExamplesCoverEverySchemaAndTheSchemasCoverTheDesign() throws IOException {
        Set<String> exampleTypes = new TreeSet<>();
        for (Path example : examples().toList()) {
            exampleTypes.add(JSON.readTree(example.toFile()).path("type").asText());
        }
        assertEquals(Contracts.eventTypes(), exampleTypes);
        assertEquals(new TreeSet<>(DESIGNED_TYPES), Contracts.eventTypes());
    }

    @Test
    void everySchemaIsAValidDraft202012Schema() throws IOException {
        JsonSchema metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        try (Stream<Path> files = Files.list(Contracts.contractsDir().resolve("schemas"))) {
            for (Path schema : files.sorted().toList()) {
                assertEquals(Set.of(), metaSchema.validate(JSON.readTree(schema.toFile())), schema.toString());
            }
        }
    }

    @Test
    void theAsyncApiDocumentDescribesEveryTypeOnItsTopic() throws IOException {
        JsonNode doc = new YAMLMapper().readTree(Contracts.contractsDir().resolve("asyncapi.yaml").toFile());
        assertEquals("3.0.0", doc.path("asyncapi").asText());
        Map<String, String> topicOfMessage = new HashMap<>();
        doc.path("channels").properties().forEach(channel -> channel.getValue().path("messages").forEach(ref ->
                topicOfMessage.put(ref.path("$ref").asText().replace("#/components/messages/", ""),
                        channel.getValue().path("address").asText())));

        Set<String> described = new TreeSet<>();
        doc.path("components").path("messages").properties().forEach(entry -> {
            String type = entry.getValue().path("name").asText();
            String payload = entry.getValue().path("payload").path("$ref").asText();
            assertEquals("./schemas/" + type + ".schema.json", payload, "payload of " + type);
            assertTrue(Files.isRegularFile(Contracts.contractsDir().resolve(payload)), payload + " exists");
            assertEquals(Contracts.topicOf(type), topicOfMessage.get(entry.getKey()), "topic of " + type);
            described.add(type);
        });
        assertEquals(Contracts.eventTypes(), described);
    }

    @Test
    void aMissingRequiredFieldFails() {
        assertInvalid("message.enqueued", e -> data(e).remove("agentKey"), "agentKey");
        assertInvalid("queue.depth", e -> data(e).remove("measuredAt"), "measuredAt");
        assertInvalid("catalog.agent.updated", e -> data(e).remove("secretsRef"), "secretsRef");
        assertInvalid("worker.idle", e -> e.remove("eventId"), "eventId");
        // a field optional in the shared lifecycle data is required by the type that is about it
        assertInvalid("queue.message.claimed", e -> data(e).remove("leaseId"), "leaseId");
        assertInvalid("provider.command.retrying", e -> data(e).remove("nextAttemptAt"), "nextAttemptAt");
    }

    @Test
    void aValueOutsideItsEnumFails() {
        assertInvalid("message.enqueued", e -> data(e).put("origin", "fax"), "origin");
        assertInvalid("worker.status-changed", e -> data(e).put("status", "paused"), "status");
        assertInvalid("provider.command.requested", e -> data(e).put("action", "reboot-machine"), "action");
        assertInvalid("skills.version.released", e -> data(e).put("channel", "beta"), "channel");
        assertInvalid("queue.depth", e -> e.put("source", "billing-service"), "source");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void anExtraPropertyInDataFails(Path example) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(example.toFile());
        data(event).put("unexpectedField", "x");
        assertRejected(event, "unexpectedField");
    }

    @Test
    void extraPropertiesFailAtEveryLevel() {
        assertInvalid("queue.depth", e -> e.put("headers", "x"), "headers");
        assertInvalid("message.enqueued", e -> ((ObjectNode) data(e).path("payload").path("telegram")).put("token", "x"),
                "token");
        assertInvalid("provider.command.requested", e -> ((ObjectNode) data(e).path("machine")).put("cmd", "x"), "cmd");
    }

    @Test
    void formatsPatternsAndRangesAreEnforced() {
        assertInvalid("queue.depth", e -> e.put("eventId", "not-a-uuid"), "eventId");
        assertInvalid("queue.depth", e -> data(e).put("measuredAt", "yesterday"), "measuredAt");
        assertInvalid("queue.depth", e -> data(e).put("readyMessages", -1), "readyMessages");
        assertInvalid("message.enqueued", e -> data(e).put("agentKey", "Support EN"), "agentKey");
        assertInvalid("message.enqueued", e -> data(e).put("priority", 10), "priority");
        assertInvalid("queue.depth", e -> e.put("schemaVersion", 0), "schemaVersion");
        assertInvalid("catalog.agent.updated", e -> data(e).put("webhookSecretHash", "plain-secret"), "webhookSecretHash");
    }

    @Test
    void rulesBetweenFieldsAreEnforced() {
        assertInvalid("message.enqueued", e -> ((ObjectNode) data(e).path("payload")).remove("telegram"), "telegram");
        assertInvalid("message.enqueued", e -> ((ObjectNode) data(e).path("payload")).put("kind", "push"), "kind");
        assertInvalid("provider.command.requested", e -> data(e).remove("machine"), "machine");
        assertInvalid("provider.orphan.detected", e -> data(e).remove("machineId"), "machineId");
    }

    @Test
    void theSubjectMustBeTheKafkaKey() {
        assertInvalid("message.enqueued", e -> e.put("subject", "another-conversation"), "subject");
        assertInvalid("worker.claimed", e -> e.put("subject", "wkr-other"), "subject");
    }

    @Test
    void nullableFieldsAcceptNull() {
        ObjectNode event = example("catalog.agent.updated");
        data(event).putNull("botIdentity").putNull("webhookSecretHash");
        Contracts.assertValid(event.toString());
        ObjectNode status = example("worker.status-changed");
        data(status).putNull("previousStatus");
        Contracts.assertValid(status.toString());
    }

    @Test
    void theErrorListsEveryViolation() {
        ObjectNode event = example("queue.depth");
        data(event).remove("measuredAt");
        data(event).put("deadLetters", -3);
        AssertionError error = assertThrows(AssertionError.class, () -> Contracts.assertValid(event.toString()));
        assertTrue(error.getMessage().contains("measuredAt"), error.getMessage());
        assertTrue(error.getMessage().contains("deadLetters"), error.getMessage());
        assertTrue(Contracts.violations(event.toString()).size() >= 2);
    }

    @Test
    void anUnknownOrMissingTypeFails() {
        ObjectNode event = example("queue.depth");
        event.put("type", "queue.depth.v2");
        AssertionError unknown = assertThrows(AssertionError.class, () -> Contracts.assertValid(event.toString()));
        assertTrue(unknown.getMessage().contains("queue.depth.v2"), unknown.getMessage());
        event.remove("type");
        assertThrows(AssertionError.class, () -> Contracts.assertValid(event.toString()));
        assertThrows(AssertionError.class, () -> Contracts.assertValid("[]"));
        assertThrows(AssertionError.class, () -> Contracts.assertValid("{not json"));
    }

    private static void assertInvalid(String type, Consumer<ObjectNode> mutation, String mentioned) {
        ObjectNode event = example(type);
        mutation.accept(event);
        assertRejected(event, mentioned);
    }

    private static void assertRejected(ObjectNode event, String mentioned) {
        AssertionError error = assertThrows(AssertionError.class, () -> Contracts.assertValid(event.toString()),
                "expected the contract to reject " + event);
        assertTrue(error.getMessage().contains(mentioned), "the error names " + mentioned + ": " + error.getMessage());
    }

    private static ObjectNode example(String type) {
        Path file = Contracts.contractsDir().resolve("examples").resolve(type + ".json");
        try {
            JsonNode tree = JSON.readTree(file.toFile());
            assertNotNull(tree, file.toString());
            return (ObjectNode) tree;
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    private static ObjectNode data(ObjectNode event) {
        return (ObjectNode) event.get("data");
    }
}
