package dev.agentfactory.skills;

import dev.agentfactory.platform.testing.TestCredentials;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@QuarkusTest
class RuntimeProfileTest {

    static void secret(String ref, String value) {
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("value", value)).put("/v1/secrets/" + ref).then().statusCode(200);
    }

    static void agent(String key, String body) {
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON).body(body)
                .put("/v1/agents/" + key).then().statusCode(201);
    }

    static JsonPath runtime(String key, int status) {
        return given().header("Authorization", TestCredentials.SERVICE).get("/internal/agents/" + key + "/runtime-profile")
                .then().statusCode(status).extract().jsonPath();
    }

    @Test
    void theRuntimeProfileResolvesSecretsAndTheBridgeLikeThePredecessor() {
        String key = "rt-" + System.nanoTime();
        secret("llm.apiKey." + key, "sk-llm");
        secret("agent-bridge.serviceKey." + key, "per-agent-service-key");
        secret("agent-bridge.baseUrlMapJson." + key, "{\"crm\":\"https://crm.example\"}");
        agent(key, """
                {"enabled": true, "secretsRef": ["llm.apiKey.%s"],
                 "bridgeConfig": {"enabled": true, "baseUrl": "https://bridge.example", "serviceId": "openclaw", "appKey": "crm"}}
                """.formatted(key));

        JsonPath profile = runtime(key, 200);
        assertEquals(key, profile.getString("agentKey"));
        assertEquals(1, profile.getInt("version"));
        assertEquals(Map.of("llm.apiKey." + key, "sk-llm"), profile.getMap("secrets"));
        assertEquals("per-agent-service-key", profile.getString("bridge.serviceKey"));
        assertEquals("agent-bridge.serviceKey." + key, profile.getString("bridge.serviceKeySecretRef"));
        assertEquals("https://bridge.example", profile.getString("bridge.baseUrl"));
        assertEquals("openclaw", profile.getString("bridge.serviceId"));
        assertEquals("{\"crm\":\"https://crm.example\"}", profile.getString("bridge.baseUrlMapJson"));
        assertNull(profile.getString("telegram.botToken"));
        assertNull(profile.getString("botIdentity"));
    }

    @Test
    void anExplicitServiceKeyRefWinsAndTheGlobalKeyIsTheLastResort() {
        String key = "rt-explicit-" + System.nanoTime();
        secret("vault.bridge." + key, "explicit-key");
        secret("agent-bridge.serviceKey", "global-key");
        agent(key, "{\"enabled\": true, \"bridgeConfig\": {\"enabled\": true, \"serviceKeySecretRef\": \"vault.bridge." + key + "\"}}");
        assertEquals("explicit-key", runtime(key, 200).getString("bridge.serviceKey"));

        String other = "rt-global-" + System.nanoTime();
        agent(other, "{\"enabled\": true, \"bridgeConfig\": {\"enabled\": true}}");
        JsonPath profile = runtime(other, 200);
        assertEquals("global-key", profile.getString("bridge.serviceKey"));
        assertEquals("agent-bridge.serviceKey", profile.getString("bridge.serviceKeySecretRef"));
    }

    @Test
    void aMissingMandatorySecretIsA422NamingIt() {
        String key = "rt-missing-" + System.nanoTime();
        agent(key, "{\"enabled\": true, \"secretsRef\": [\"never.stored." + key + "\"]}");
        given().header("Authorization", TestCredentials.SERVICE).get("/internal/agents/" + key + "/runtime-profile")
                .then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("never.stored." + key))
                .body("violations.field", hasItem("never.stored." + key));
    }

    @Test
    void unknownAgentsAre404AndOnlyServicesMayAsk() {
        given().header("Authorization", TestCredentials.SERVICE).get("/internal/agents/nobody/runtime-profile")
                .then().statusCode(404);
        given().header("Authorization", TestCredentials.APP).get("/internal/agents/nobody/runtime-profile")
                .then().statusCode(403);
        given().header("Authorization", TestCredentials.ADMIN).get("/internal/agents/nobody/runtime-profile")
                .then().statusCode(404).body("status", equalTo(404));
    }
}
