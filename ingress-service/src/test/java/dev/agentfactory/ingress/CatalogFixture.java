package dev.agentfactory.ingress;

import dev.agentfactory.ingress.catalog.AgentCatalog;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.testing.Contracts;
import dev.agentfactory.platform.testing.TestCredentials;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * Seeds the catalog projection the way production does: a {@code catalog.agent.updated} event on the run's
 * catalog topic, then waits until ingress shows that version.
 */
public final class CatalogFixture {

    private CatalogFixture() {
    }

    /** Publishes an agent with a bot (null for none) and the hash of {@code webhookSecret}, then awaits it. */
    public static void agent(String agentKey, long version, boolean enabled, String botIdentity, String webhookSecret) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agentKey", agentKey);
        data.put("version", version);
        data.put("enabled", enabled);
        data.put("secretsRef", List.of());
        data.put("bridgeConfig", Map.of("enabled", false));
        data.put("botIdentity", botIdentity);
        data.put("webhookSecretHash", webhookSecret == null ? null : AgentCatalog.sha256Hex(webhookSecret));
        data.put("updatedAt", Instant.now().toString());
        send(agentKey, event("catalog.agent.updated", agentKey, data));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> given()
                .header("Authorization", TestCredentials.SERVICE).get("/v1/catalog/agents/" + agentKey)
                .then().extract().statusCode() == 200 && ((Number) given().header("Authorization", TestCredentials.SERVICE)
                .get("/v1/catalog/agents/" + agentKey).then().extract().path("version")).longValue() == version);
    }

    public static void deleted(String agentKey) {
        send(agentKey, event("catalog.agent.deleted", agentKey,
                Map.of("agentKey", agentKey, "deletedAt", Instant.now().toString())));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> given()
                .header("Authorization", TestCredentials.SERVICE).get("/v1/catalog/agents/" + agentKey)
                .then().extract().statusCode() == 404);
    }

    private static String event(String type, String agentKey, Map<String, Object> data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("eventId", UUID.randomUUID().toString());
        envelope.put("type", type);
        envelope.put("occurredAt", Instant.now().toString());
        envelope.put("source", "skills-service");
        envelope.put("subject", agentKey);
        envelope.put("schemaVersion", 1);
        envelope.put("data", data);
        String json = Json.write(envelope);
        Contracts.assertValid(json); // the fixture speaks the contract, like skills-service must
        return json;
    }

    private static void send(String key, String value) {
        String prefix = ConfigProvider.getConfig().getOptionalValue("af.kafka.topic-prefix", String.class).orElse("");
        String servers = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(prefix + Topics.CATALOG_AGENTS, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish the catalog fixture", e);
        }
    }
}
