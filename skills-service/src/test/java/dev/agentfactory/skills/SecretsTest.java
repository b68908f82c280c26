package dev.agentfactory.skills;

import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.testing.TestCredentials;
import dev.agentfactory.platform.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class SecretsTest {

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static void put(String ref, String value) {
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("value", value)).put("/v1/secrets/" + ref)
                .then().statusCode(200).body("ref", equalTo(ref)).body("exists", equalTo(true))
                .body("value", nullValue());
    }

    @Test
    void aSecretIsStoredEncryptedAndItsPlaintextReachesNoTableAndNoLog() throws Exception {
        String ref = unique("fly.apiToken.");
        String plaintext = unique("fly_live_plaintext_");
        put(ref, plaintext);
        put(ref, plaintext + "-v2");

        given().header("Authorization", TestCredentials.ADMIN).queryParam("refs", ref + ",absent.ref")
                .get("/v1/secrets")
                .then().statusCode(200)
                .body("[0].ref", equalTo(ref)).body("[0].exists", equalTo(true)).body("[0].activeVersion", equalTo(2))
                .body("[0].updatedAt", org.hamcrest.Matchers.notNullValue())
                .body("[1].exists", equalTo(false))
                .body(org.hamcrest.Matchers.not(containsString(plaintext)));

        try (Connection c = TestSupport.db();
             ResultSet rs = c.createStatement().executeQuery("SELECT version, key_id, nonce, ciphertext FROM skills.secret_versions"
                     + " WHERE ref = '" + ref + "' ORDER BY version")) {
            int rows = 0;
            byte[] firstNonce = null;
            while (rs.next()) {
                rows++;
                assertEquals("t1", rs.getString("key_id"));
                byte[] nonce = rs.getBytes("nonce");
                assertEquals(12, nonce.length);
                if (firstNonce != null) {
                    assertFalse(java.util.Arrays.equals(firstNonce, nonce), "nonces must differ");
                }
                firstNonce = nonce;
                String stored = new String(rs.getBytes("ciphertext"), StandardCharsets.ISO_8859_1);
                assertFalse(stored.contains(plaintext), "ciphertext holds the plaintext");
            }
            assertEquals(2, rows);
        }
        assertEquals(0, TestSupport.count("SELECT count(*) FROM skills.secret_refs r, skills.secret_versions v"
                + " WHERE r::text LIKE '%" + plaintext + "%' OR v::text LIKE '%" + plaintext + "%'"
                + " OR encode(v.ciphertext, 'escape') LIKE '%" + plaintext + "%'"));
        assertEquals(0, TestSupport.count("SELECT count(*) FROM skills.event_log WHERE envelope::text LIKE '%" + plaintext + "%'"));

        // an agent that references the secret publishes the ref, never the value
        String agent = "secret-user-" + System.nanoTime();
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("enabled", true, "secretsRef", java.util.List.of(ref)))
                .put("/v1/agents/" + agent).then().statusCode(201);
        try (TopicProbe probe = new TopicProbe(Topics.CATALOG_AGENTS)) {
            probe.await(e -> agent.equals(e.path("subject").asText()), Duration.ofSeconds(20));
            for (var record : probe.drain(Duration.ofMillis(300))) {
                assertFalse(record.value().contains(plaintext), "a catalog event holds the plaintext");
            }
        }

        // the log captured the import (so this check can fail) but not the value
        await().untilAsserted(() -> assertTrue(TestSupport.log().contains("stored secret " + ref + " version 2")));
        assertFalse(TestSupport.log().contains(plaintext), "a log line holds the plaintext");
    }

    @Test
    void servicesResolveRefsToPlaintext() {
        String ref = unique("agent-bridge.serviceKey.");
        put(ref, "service-key-value");
        given().header("Authorization", TestCredentials.SERVICE).contentType(ContentType.JSON)
                .body(Map.of("refs", java.util.List.of(ref, "nobody.has.this")))
                .post("/internal/secrets/resolve")
                .then().statusCode(200)
                .body("missing", equalTo(java.util.List.of("nobody.has.this")));
        Map<String, String> values = given().header("Authorization", TestCredentials.SERVICE).contentType(ContentType.JSON)
                .body(Map.of("refs", java.util.List.of(ref))).post("/internal/secrets/resolve")
                .then().statusCode(200).body("missing", empty()).extract().jsonPath().getMap("values");
        assertEquals(Map.of(ref, "service-key-value"), values);
    }

    @Test
    void servicesStoreSecretsByRef() {
        String ref = "worker.token." + unique("w-");
        given().header("Authorization", TestCredentials.SERVICE).contentType(ContentType.JSON)
                .body(Map.of("value", "wt1.token")).put("/internal/secrets/" + ref)
                .then().statusCode(200).body("activeVersion", equalTo(1));
        Map<String, String> values = given().header("Authorization", TestCredentials.SERVICE).contentType(ContentType.JSON)
                .body(Map.of("refs", java.util.List.of(ref))).post("/internal/secrets/resolve")
                .then().statusCode(200).extract().jsonPath().getMap("values");
        assertEquals("wt1.token", values.get(ref));
    }

    @Test
    void onlyTheRightRolesReachSecrets() {
        given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON)
                .body(Map.of("value", "x")).put("/v1/secrets/app.tries").then().statusCode(403);
        given().header("Authorization", TestCredentials.SERVICE).contentType(ContentType.JSON)
                .body(Map.of("value", "x")).put("/v1/secrets/service.tries").then().statusCode(403);
        given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON)
                .body(Map.of("refs", java.util.List.of("x"))).post("/internal/secrets/resolve").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("refs", java.util.List.of("x")))
                .post("/internal/secrets/resolve").then().statusCode(401);
        given().header("Authorization", TestCredentials.ADMIN).queryParam("refs", "app.tries,service.tries")
                .get("/v1/secrets").then().statusCode(200).body("exists", org.hamcrest.Matchers.everyItem(equalTo(false)));
    }

    @Test
    void badInputIsAProblemAndStoresNothing() throws Exception {
        long before = TestSupport.count("SELECT count(*) FROM skills.secret_versions");
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("value", "x")).put("/v1/secrets/bad ref!")
                .then().statusCode(400).contentType("application/problem+json").body("violations.field", hasItem("ref"));
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("value", "")).put("/v1/secrets/empty.value")
                .then().statusCode(400).body("violations.field", hasItem("value"));
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body("{}").put("/v1/secrets/no.value").then().statusCode(400);
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/secrets").then().statusCode(400);
        assertEquals(before, TestSupport.count("SELECT count(*) FROM skills.secret_versions"));
    }

    @Test
    void aCiphertextMovedToAnotherRefIsRefused() throws Exception {
        String a = unique("swap.a.");
        String b = unique("swap.b.");
        put(a, "value-of-a");
        put(b, "value-of-b");
        try (Connection c = TestSupport.db()) {
            c.createStatement().executeUpdate("UPDATE skills.secret_versions SET (nonce, ciphertext) ="
                    + " (SELECT nonce, ciphertext FROM skills.secret_versions WHERE ref = '" + a + "') WHERE ref = '" + b + "'");
        }
        given().header("Authorization", TestCredentials.SERVICE).contentType(ContentType.JSON)
                .body(Map.of("refs", java.util.List.of(b))).post("/internal/secrets/resolve")
                .then().statusCode(500).body("type", containsString("secret-unreadable"))
                .body(org.hamcrest.Matchers.not(containsString("value-of-a")));
    }
}
