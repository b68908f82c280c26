package dev.agentfactory.skills;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.fakes.telegram.FakeTelegramBotApi;
import dev.agentfactory.fakes.telegram.Webhook;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.testing.Contracts;
import dev.agentfactory.platform.testing.TestCredentials;
import dev.agentfactory.platform.testing.TopicProbe;
import dev.agentfactory.skills.telegram.WebhookSecrets;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class TelegramBotsTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    static FakeTelegramBotApi telegram() {
        return FakeTelegram.api;
    }

    static String newAgent() {
        String key = "tg-" + System.nanoTime();
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body("{\"enabled\": true}").put("/v1/agents/" + key).then().statusCode(201);
        return key;
    }

    static String newBot(String username) {
        long id = ThreadLocalRandom.current().nextLong(100_000_000L, 9_000_000_000L);
        String token = id + ":AAH" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-secretPart_x";
        telegram().registerBot(token, username);
        return token;
    }

    static io.restassured.response.ValidatableResponse importToken(String key, String token) {
        return given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("token", token)).post("/v1/agents/" + key + "/telegram/token").then();
    }

    @Test
    void aTokenIsVerifiedWithGetMeStoredAsASecretAndTheWebhookIsRegisteredWithAHashedSecret() throws Exception {
        String key = newAgent();
        String token = newBot("acme_support_bot");
        String botId = token.substring(0, token.indexOf(':'));

        importToken(key, token).statusCode(200).body("botIdentity", equalTo(botId))
                .body("botUsername", equalTo("acme_support_bot"))
                .body("tokenSecretRef", equalTo("telegram.botToken." + key))
                .body(not(containsString(token)));

        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("publicBaseUrl", "https://hooks.example.com/"))
                .post("/v1/agents/" + key + "/telegram/webhook")
                .then().statusCode(200).body("isReady", equalTo(true)).body("botIdentity", equalTo(botId))
                .body("secretTokenConfigured", equalTo(true))
                .body("url", equalTo("https://hooks.example.com/telegram/webhook"))
                .body("lastErrorMessage", nullValue());

        Webhook webhook = telegram().webhookOf(token);
        assertEquals("https://hooks.example.com/telegram/webhook", webhook.url());
        String secret = webhook.secretToken();
        assertTrue(secret.matches("^[A-Za-z0-9_-]{32}$"), "a strong url-safe secret: " + secret);

        // the runtime profile hands the token to services
        assertEquals(token, given().header("Authorization", TestCredentials.SERVICE)
                .get("/internal/agents/" + key + "/runtime-profile").then().statusCode(200)
                .extract().path("telegram.botToken"));

        try (TopicProbe probe = new TopicProbe(Topics.CATALOG_AGENTS)) {
            JsonNode event = probe.await(e -> key.equals(e.path("subject").asText())
                    && !e.path("data").path("webhookSecretHash").isMissingNode()
                    && !e.path("data").path("webhookSecretHash").isNull(), WAIT);
            Contracts.assertValid(event.toString());
            assertEquals(WebhookSecrets.hash(secret), event.path("data").path("webhookSecretHash").asText());
            assertEquals(botId, event.path("data").path("botIdentity").asText());
            for (ConsumerRecord<String, String> record : probe.drain(Duration.ofMillis(300))) {
                assertFalse(record.value().contains(token), "the bot token reached Kafka");
                assertFalse(record.value().contains(secret), "the webhook secret reached Kafka");
            }
        }
        assertEquals(0, TestSupport.count("SELECT count(*) FROM skills.agents a, skills.secret_versions v"
                + " WHERE a::text LIKE '%" + secret + "%' OR v::text LIKE '%" + token + "%'"
                + " OR encode(v.ciphertext, 'escape') LIKE '%" + token.substring(token.indexOf(':') + 1) + "%'"));
        await().untilAsserted(() -> assertTrue(TestSupport.log().contains("agent " + key + ": webhook of bot " + botId)));
        String log = TestSupport.log();
        assertFalse(log.contains(token.substring(token.indexOf(':') + 1)), "the bot token reached a log line");
        assertFalse(log.contains(secret), "the webhook secret reached a log line");
    }

    @Test
    void aTokenTelegramRejectsIsA422AndNothingIsStored() {
        String key = newAgent();
        importToken(key, "123456789:AAHnotARegisteredBotToken").statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("401"))
                .body("detail", not(containsString("AAHnotARegisteredBotToken")));
        importToken(key, "no-colon-token").statusCode(400).body("violations.field", org.hamcrest.Matchers.hasItem("token"));
        given().header("Authorization", TestCredentials.ADMIN).queryParam("refs", "telegram.botToken." + key)
                .get("/v1/secrets").then().statusCode(200).body("[0].exists", equalTo(false));
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/agents/" + key)
                .then().statusCode(200).body("version", equalTo(1)).body("botIdentity", nullValue());
    }

    @Test
    void aWebhookNeedsAVerifiedBotAndAnHttpsUrl() {
        String key = newAgent();
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("publicBaseUrl", "https://hooks.example.com"))
                .post("/v1/agents/" + key + "/telegram/webhook").then().statusCode(409);
        importToken(key, newBot("second_bot")).statusCode(200);
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("publicBaseUrl", "http://plain.example.com"))
                .post("/v1/agents/" + key + "/telegram/webhook").then().statusCode(400)
                .body("violations.field", org.hamcrest.Matchers.hasItem("publicBaseUrl"));
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("publicBaseUrl", "https://hooks.example.com:9999"))
                .post("/v1/agents/" + key + "/telegram/webhook").then().statusCode(422)
                .body("detail", containsString("setWebhook"));
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/agents/" + key)
                .then().statusCode(200).body("webhook", nullValue());
    }

    @Test
    void aBotBelongsToOneAgent() {
        String token = newBot("shared_bot");
        importToken(newAgent(), token).statusCode(200);
        String other = newAgent();
        importToken(other, token).statusCode(409).body("detail", containsString("already belongs"));
        given().header("Authorization", TestCredentials.ADMIN).queryParam("refs", "telegram.botToken." + other)
                .get("/v1/secrets").then().statusCode(200).body("[0].exists", equalTo(false));
    }

    @Test
    void reconcileReverifiesTheStoredTokenAndReportsTheWebhook() {
        String key = newAgent();
        String token = newBot("reconciled_bot");
        String botId = token.substring(0, token.indexOf(':'));
        importToken(key, token).statusCode(200);
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("publicBaseUrl", "https://hooks.example.com")).post("/v1/agents/" + key + "/telegram/webhook")
                .then().statusCode(200);
        telegram().reportWebhookError(token, "Wrong response from the webhook: 503 Service Unavailable");
        given().header("Authorization", TestCredentials.ADMIN).post("/v1/agents/" + key + "/telegram/reconcile")
                .then().statusCode(200).body("botIdentity", equalTo(botId)).body("identityChanged", equalTo(false))
                .body("webhook.secretTokenConfigured", equalTo(true)).body("webhook.isReady", equalTo(false))
                .body("webhook.lastErrorMessage", containsString("503"));

        String without = newAgent();
        given().header("Authorization", TestCredentials.ADMIN).post("/v1/agents/" + without + "/telegram/reconcile")
                .then().statusCode(422).body("detail", containsString("telegram.botToken." + without));
    }
}
