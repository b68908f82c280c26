package dev.agentfactory.skills;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.testing.Contracts;
import dev.agentfactory.platform.testing.TestCredentials;
import dev.agentfactory.platform.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@QuarkusTest
class AgentsTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    static String profile(boolean enabled, String baseUrl) {
        return """
                {"enabled": %s, "secretsRef": ["openai.apiKey", "crm.apiToken.x"],
                 "bridgeConfig": {"enabled": true, "baseUrl": "%s", "serviceId": "openclaw-prod", "appKey": "crm"}}
                """.formatted(enabled, baseUrl);
    }

    static io.restassured.response.ValidatableResponse put(String key, String body) {
        return given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON).body(body)
                .put("/v1/agents/" + key).then();
    }

    @Test
    void everyChangeIsPublishedOnTheCatalogAndMatchesTheContract() {
        String key = "support-" + System.nanoTime();
        put(key, profile(true, "https://crm.example")).statusCode(201)
                .body("agentKey", equalTo(key)).body("version", equalTo(1)).body("enabled", equalTo(true))
                .body("bridgeConfig.baseUrl", equalTo("https://crm.example")).body("botIdentity", nullValue());
        put(key, profile(false, "https://crm.example")).statusCode(200).body("version", equalTo(2));
        // the same content again is not a change: no new version, no event
        put(key, profile(false, "https://crm.example")).statusCode(200).body("version", equalTo(2));

        given().header("Authorization", TestCredentials.APP).get("/v1/agents/" + key)
                .then().statusCode(200).body("version", equalTo(2)).body("enabled", equalTo(false))
                .body("secretsRef", equalTo(List.of("openai.apiKey", "crm.apiToken.x")));
        given().header("Authorization", TestCredentials.SERVICE).get("/v1/agents")
                .then().statusCode(200).body("agentKey", hasItem(key));

        try (TopicProbe probe = new TopicProbe(Topics.CATALOG_AGENTS)) {
            JsonNode second = probe.await(e -> key.equals(e.path("subject").asText())
                    && e.path("data").path("version").asInt() == 2, WAIT);
            Contracts.assertValid(second.toString());
            assertFalse(second.path("data").path("enabled").asBoolean());
            long events = probe.drain(Duration.ofMillis(500)).stream().filter(r -> key.equals(r.key())).count();
            assertEquals(2, events, "one event per change, keyed by agentKey");
            probe.drain(Duration.ZERO).stream().filter(r -> key.equals(r.key()))
                    .forEach(r -> Contracts.assertValid(r.value()));
        }
    }

    @Test
    void badInputIsAProblemAndChangesNothing() {
        String key = "bad-input-" + System.nanoTime();
        put(key, profile(true, "https://crm.example")).statusCode(201);
        put(key, """
                {"enabled": null, "secretsRef": ["ok.ref", "not a ref"],
                 "bridgeConfig": {"enabled": true, "baseUrl": "ftp://nope", "serviceKeySecretRef": "bad ref"}}
                """).statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItems("enabled", "bridgeConfig.baseUrl", "bridgeConfig.serviceKeySecretRef"));
        put(key, "{\"enabled\": true, \"secretsRef\": [\"a\", \"a\"]}").statusCode(400)
                .body("violations.field", hasItem("secretsRef"));
        put("Not_A_Key", profile(true, "https://crm.example")).statusCode(400).body("violations.field", hasItem("agentKey"));
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/agents/" + key)
                .then().statusCode(200).body("version", equalTo(1)).body("enabled", equalTo(true));
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/agents/not_a_key")
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", TestCredentials.ADMIN).urlEncodingEnabled(false).get("/v1/agents/a%00b")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void expectedVersionGuardsAgainstLostUpdates() {
        String key = "cas-" + System.nanoTime();
        put(key, "{\"enabled\": true, \"expectedVersion\": 0}").statusCode(201).body("version", equalTo(1));
        put(key, "{\"enabled\": false, \"expectedVersion\": 0}").statusCode(409).contentType("application/problem+json");
        put(key, "{\"enabled\": false, \"expectedVersion\": 1}").statusCode(200).body("version", equalTo(2));
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/agents/" + key)
                .then().statusCode(200).body("enabled", equalTo(false)).body("bridgeConfig.enabled", equalTo(false));
    }

    @Test
    void onlyAdminsWriteProfiles() {
        given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON)
                .body(profile(true, "https://crm.example")).put("/v1/agents/app-writes").then().statusCode(403);
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/agents/app-writes").then().statusCode(404);
    }

    @Test
    void deletingAnAgentPublishesItsDeletion() {
        String key = "gone-" + System.nanoTime();
        put(key, profile(true, "https://crm.example")).statusCode(201);
        given().header("Authorization", TestCredentials.ADMIN).delete("/v1/agents/" + key).then().statusCode(204);
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/agents/" + key).then().statusCode(404);
        given().header("Authorization", TestCredentials.ADMIN).delete("/v1/agents/" + key).then().statusCode(404);
        try (TopicProbe probe = new TopicProbe(Topics.CATALOG_AGENTS)) {
            JsonNode deleted = probe.await(TopicProbe.ofType("catalog.agent.deleted", "agentKey", key), WAIT);
            Contracts.assertValid(deleted.toString());
            assertEquals(key, deleted.path("subject").asText());
        }
    }

}
