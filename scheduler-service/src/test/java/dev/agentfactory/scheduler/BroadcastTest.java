package dev.agentfactory.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.testing.Contracts;
import dev.agentfactory.platform.testing.TestCredentials;
import dev.agentfactory.platform.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class BroadcastTest {

    static void agent(String agentKey, long version, boolean enabled) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agentKey", agentKey);
        data.put("version", version);
        data.put("enabled", enabled);
        data.put("secretsRef", List.of());
        data.put("bridgeConfig", Map.of("enabled", false));
        data.put("botIdentity", null);
        data.put("webhookSecretHash", null);
        data.put("updatedAt", Instant.now().toString());
        TestEvents.send(Topics.CATALOG_AGENTS, "catalog.agent.updated", agentKey, data);
    }

    @Test
    void oneMessagePerEnabledAgentWithAnAudit() {
        agent("bc-one", 1, true);
        agent("bc-two", 1, true);
        agent("bc-off", 1, true);
        agent("bc-off", 2, false);
        agent("bc-one", 0, false); // an older version never overrides a newer one
        agent("bc-two", 3, true);
        agent("bc-gone", 1, true);
        TestEvents.send(Topics.CATALOG_AGENTS, "catalog.agent.deleted", "bc-gone",
                Map.of("agentKey", "bc-gone", "deletedAt", Instant.now().plusSeconds(1).toString()));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestEvents.count(
                "SELECT count(*) FROM scheduler.agents WHERE (agent_key = 'bc-two' AND version = 3)"
                        + " OR (agent_key = 'bc-gone' AND deleted)") == 2);
        long before = TestEvents.count("SELECT count(*) FROM scheduler.broadcasts");

        given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON).body("{\"text\":\"hi\"}")
                .post("/v1/broadcasts").then().statusCode(403);
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON).body("{\"text\":\"  \"}")
                .post("/v1/broadcasts").then().statusCode(400);
        assertEquals(before, TestEvents.count("SELECT count(*) FROM scheduler.broadcasts"));

        String id = given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body("{\"text\":\"Maintenance tonight at 22:00\"}").post("/v1/broadcasts")
                .then().statusCode(201).body("agentsKnown", equalTo(3)).body("targets", equalTo(2))
                .body("enqueued", equalTo(2)).body("skippedDisabled", equalTo(1))
                .body("agentKeys", equalTo(List.of("bc-one", "bc-two"))).extract().path("broadcastId");
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/broadcasts/" + id)
                .then().statusCode(200).body("enqueued", equalTo(2));

        try (TopicProbe probe = new TopicProbe(Topics.MESSAGES_ENQUEUED)) {
            for (String agent : List.of("bc-one", "bc-two")) {
                JsonNode event = probe.await(TopicProbe.ofType("message.enqueued", "messageId",
                        "broadcast:" + id + ":" + agent), Duration.ofSeconds(20));
                Contracts.assertValid(Json.write(event));
                assertEquals("broadcast:" + agent, event.path("data").path("conversationId").asText());
                assertEquals("broadcast", event.path("data").path("payload").path("kind").asText());
                assertEquals("Maintenance tonight at 22:00", event.path("data").path("payload").path("text").asText());
            }
        }
        assertEquals(2, TestEvents.count("SELECT count(*) FROM scheduler.event_log WHERE envelope->'data'->>'messageId'"
                + " LIKE 'broadcast:" + id + ":%'"));
    }

    @Test
    void aRetriedBroadcastWithTheSameIdempotencyKeySendsOnce() {
        agent("bc-idem", 1, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> TestEvents.count(
                "SELECT count(*) FROM scheduler.agents WHERE agent_key = 'bc-idem' AND enabled") == 1);
        long before = TestEvents.count("SELECT count(*) FROM scheduler.broadcasts");

        given().header("Authorization", TestCredentials.ADMIN).header("Idempotency-Key", "k".repeat(201))
                .contentType(ContentType.JSON).body("{\"text\":\"too long a key\"}").post("/v1/broadcasts")
                .then().statusCode(400).contentType("application/problem+json");
        String id = given().header("Authorization", TestCredentials.ADMIN).header("Idempotency-Key", "release-42")
                .contentType(ContentType.JSON).body("{\"text\":\"Version 42 is out\"}").post("/v1/broadcasts")
                .then().statusCode(201).extract().path("broadcastId");
        int enqueued = given().header("Authorization", TestCredentials.ADMIN).header("Idempotency-Key", "release-42")
                .contentType(ContentType.JSON).body("{\"text\":\"Version 42 is out\"}").post("/v1/broadcasts")
                .then().statusCode(200).body("broadcastId", equalTo(id)).extract().path("enqueued");
        given().header("Authorization", TestCredentials.ADMIN).header("Idempotency-Key", "release-42")
                .contentType(ContentType.JSON).body("{\"text\":\"Version 43 is out\"}").post("/v1/broadcasts")
                .then().statusCode(422).contentType("application/problem+json");

        assertEquals(before + 1, TestEvents.count("SELECT count(*) FROM scheduler.broadcasts"));
        assertEquals(enqueued, TestEvents.count("SELECT count(*) FROM scheduler.event_log"
                + " WHERE envelope->'data'->>'messageId' LIKE 'broadcast:" + id + ":%'"));

        // leave the catalog as the other broadcast test expects it, whichever runs first
        TestEvents.send(Topics.CATALOG_AGENTS, "catalog.agent.deleted", "bc-idem",
                Map.of("agentKey", "bc-idem", "deletedAt", Instant.now().plusSeconds(1).toString()));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestEvents.count(
                "SELECT count(*) FROM scheduler.agents WHERE agent_key = 'bc-idem' AND deleted") == 1);
    }
}
