package dev.agentfactory.platform.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Checks events against the contract in {@code deploy/contracts/schemas} (JSON Schema draft 2020-12).
 *
 * <p>Every service proves in its tests that what it produces matches: {@code Contracts.assertValid(json)} picks the
 * schema by the event's {@code type}, validates envelope and data, and also checks that {@code subject} equals the
 * data field the schema names as the Kafka key ({@code x-subject}). The schemas are found by walking up from the
 * working directory to the first folder holding {@code deploy/contracts}; the system property
 * {@code af.contracts.dir} overrides that.
 */
public final class Contracts {

    /** Every schema's {@code $id} starts with this; refs between schemas resolve against it. */
    public static final String ID_PREFIX = "https://agentfactory.dev/contracts/schemas/";

    private static final String SCHEMA_SUFFIX = ".schema.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Contracts() {
    }

    /**
     * Fails with an {@link AssertionError} listing every violation when the event does not match the schema of its
     * {@code type}, when the type is unknown, or when the text is not a JSON object.
     */
    public static void assertValid(String eventJson) {
        List<String> violations = violations(eventJson);
        if (!violations.isEmpty()) {
            throw new AssertionError("event does not match the contract in deploy/contracts:\n  - "
                    + String.join("\n  - ", violations) + "\nevent: " + eventJson);
        }
    }

    /** The violations of the event, empty when it is valid. */
    public static List<String> violations(String eventJson) {
        JsonNode event;
        try {
            event = MAPPER.readTree(eventJson);
        } catch (JsonProcessingException e) {
            return List.of("not JSON: " + e.getOriginalMessage());
        }
        if (event == null || !event.isObject()) {
            return List.of("an event must be a JSON object");
        }
        JsonNode type = event.get("type");
        if (type == null || !type.isTextual()) {
            return List.of("$.type: missing or not a string, so no schema can be selected");
        }
        EventContract contract = Registry.INSTANCE.contracts.get(type.asText());
        if (contract == null) {
            return List.of("$.type: unknown event type '" + type.asText() + "'; known types: " + eventTypes());
        }
        List<String> violations = new ArrayList<>();
        for (ValidationMessage message : contract.schema().validate(event)) {
            violations.add(message.getMessage());
        }
        checkSubject(event, contract, violations);
        Collections.sort(violations);
        return violations;
    }

    /** The event types the contract defines, sorted. */
    public static Set<String> eventTypes() {
        return Collections.unmodifiableSet(Registry.INSTANCE.contracts.keySet());
    }

    /** The topic an event type travels on. */
    public static String topicOf(String type) {
        EventContract contract = Registry.INSTANCE.contracts.get(type);
        if (contract == null) {
            throw new IllegalArgumentException("unknown event type " + type);
        }
        return contract.topic();
    }

    /** The {@code deploy/contracts} directory in use. */
    public static Path contractsDir() {
        return Registry.INSTANCE.dir;
    }

    private static void checkSubject(JsonNode event, EventContract contract, List<String> violations) {
        JsonNode data = event.get("data");
        JsonNode subject = event.get("subject");
        if (contract.subjectFields().isEmpty() || data == null || !data.isObject()
                || subject == null || !subject.isTextual()) {
            return; // the schema itself reports missing or mistyped fields
        }
        for (String field : contract.subjectFields()) {
            JsonNode value = data.get(field);
            if (value != null && !value.isNull()) {
                if (!value.asText().equals(subject.asText())) {
                    violations.add("$.subject: must equal $.data." + field + " (the Kafka key), found '"
                            + subject.asText() + "' instead of '" + value.asText() + "'");
                }
                return;
            }
        }
    }

    private record EventContract(String type, String topic, List<String> subjectFields, JsonSchema schema) {
    }

    /** Loads and compiles every schema once per JVM. */
    private static final class Registry {

        static final Registry INSTANCE = new Registry(locate());

        final Path dir;
        final Map<String, EventContract> contracts = new TreeMap<>();

        private Registry(Path dir) {
            this.dir = dir;
            Map<String, String> sources = new TreeMap<>();
            Map<String, JsonNode> trees = new TreeMap<>();
            try (Stream<Path> files = Files.list(dir.resolve("schemas"))) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SCHEMA_SUFFIX)).sorted().toList()) {
                    String text = Files.readString(file);
                    JsonNode tree = MAPPER.readTree(text);
                    String id = tree.path("$id").asText();
                    String expected = ID_PREFIX + file.getFileName();
                    if (!expected.equals(id)) {
                        throw new IllegalStateException(file + ": $id must be " + expected + " but is '" + id + "'");
                    }
                    sources.put(id, text);
                    trees.put(id, tree);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the schemas in " + dir, e);
            }

            // x-topic and x-subject are annotations of this contract; declare them so the validator knows them.
            JsonMetaSchema dialect = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                    .keyword(new NonValidationKeyword("x-topic"))
                    .keyword(new NonValidationKeyword("x-subject"))
                    .build();
            JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                    builder -> builder.metaSchema(dialect)
                            .schemaLoaders(loaders -> loaders.schemas(sources)));
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                    .formatAssertionsEnabled(true)
                    .build();

            trees.forEach((id, tree) -> {
                JsonNode type = tree.path("properties").path("type").path("const");
                if (!type.isTextual()) {
                    return; // envelope, shared data and definitions: not an event type of their own
                }
                String expectedFile = type.asText() + SCHEMA_SUFFIX;
                if (!id.equals(ID_PREFIX + expectedFile)) {
                    throw new IllegalStateException("the schema of type " + type.asText() + " must be " + expectedFile);
                }
                JsonSchema schema = factory.getSchema(SchemaLocation.of(id), config);
                schema.initializeValidators(); // resolve every $ref now: a broken contract fails at load, not mid-test
                List<String> subjectFields = new ArrayList<>();
                tree.path("x-subject").forEach(field -> subjectFields.add(field.asText()));
                contracts.put(type.asText(), new EventContract(type.asText(), tree.path("x-topic").asText(),
                        List.copyOf(subjectFields), schema));
            });
            if (contracts.isEmpty()) {
                throw new IllegalStateException("no event schema found in " + dir.resolve("schemas"));
            }
        }

        private static Path locate() {
            String override = System.getProperty("af.contracts.dir");
            if (override != null && !override.isBlank()) {
                return Paths.get(override).toAbsolutePath().normalize();
            }
            Path start = Paths.get("").toAbsolutePath();
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("deploy").resolve("contracts");
                if (Files.isDirectory(candidate.resolve("schemas"))) {
                    return candidate;
                }
            }
            throw new IllegalStateException("no deploy/contracts/schemas above " + start
                    + "; run from inside the repository or set -Daf.contracts.dir");
        }
    }
}
