package dev.agentfactory.ingress;

import dev.agentfactory.platform.testing.TestCredentials;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The publisher points at a dead broker (the catalog consumer still reads the real one) and bindings are
 * required: nothing can be made durable, so every enqueue answers 503 with Retry-After and Telegram retries;
 * an unbound sender is refused with 200 before Kafka is even asked.
 */
@QuarkusTest
@TestProfile(KafkaDownTest.DeadBroker.class)
class KafkaDownTest {

    public static class DeadBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("af.kafka.bootstrap-servers", "127.0.0.1:1",
                    "af.kafka.max-block", "1s",
                    "af.kafka.delivery-timeout", "2s",
                    "af.outbox.enabled", "false",
                    "af.ingress.telegram.require-binding-for-telegram", "true");
        }
    }

    static final String SECRET = "down_" + UUID.randomUUID().toString().replace("-", "");

    @Test
    void withoutKafkaTheWebhookAndTheApiAnswer503WithRetryAfter() {
        CatalogFixture.agent("down-agent", 1, true, "down_bot", SECRET);
        given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON)
                .body(Map.of("consumerUserId", "usr_down", "agentKey", "down-agent", "telegramUserId", 4242L))
                .post("/v1/bindings").then().statusCode(201);

        given().contentType(ContentType.JSON).header("X-Telegram-Bot-Api-Secret-Token", SECRET)
                .body(Updates.privateText(Updates.nextUpdateId(), 4242L, "are you there?"))
                .post("/telegram/webhook").then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "5").body("type", equalTo("https://agentfactory.dev/problems/kafka-unavailable"));

        given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON)
                .body(Map.of("agentKey", "down-agent", "conversationId", "c-down", "text", "x"))
                .post("/v1/messages").then().statusCode(503).header("Retry-After", notNullValue());

        given().contentType(ContentType.JSON).header("X-Telegram-Bot-Api-Secret-Token", SECRET)
                .body(Updates.privateText(Updates.nextUpdateId(), 5151L, "who am I?"))
                .post("/telegram/webhook").then().statusCode(200).body("ignored", equalTo("unbound_sender"));
        String metrics = given().get("/q/metrics").then().extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(
                metrics.contains("ingress_telegram_unbound_senders_total{outcome=\"refused\"} 1.0"), metrics);
    }
}
