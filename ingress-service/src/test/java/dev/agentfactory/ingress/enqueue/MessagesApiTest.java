package dev.agentfactory.ingress.enqueue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.ingress.conversation.ConversationIds;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.testing.Contracts;
import dev.agentfactory.platform.testing.TestCredentials;
import dev.agentfactory.platform.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class MessagesApiTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    static RequestSpecification app() {
        return given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON);
    }

    @Test
    void aMessageIsAccepted202AfterTheAckKeyedByConversationAndMatchesTheContract() {
        String conversation = "conv-" + UUID.randomUUID();
        String messageId = app().body(Map.of("agentKey", "default", "conversationId", conversation,
                        "text", "hello", "priority", 7, "payload", Map.of("orderId", 42)))
                .post("/v1/messages").then().statusCode(202)
                .body("conversationId", equalTo(conversation)).body("messageId", startsWith("api:"))
                .extract().path("messageId");
        try (TopicProbe probe = new TopicProbe(Topics.MESSAGES_ENQUEUED)) {
            JsonNode event = probe.await(TopicProbe.ofType("message.enqueued", "messageId", messageId), WAIT);
            Contracts.assertValid(Json.write(event));
            assertEquals(conversation, event.get("subject").asText());
            assertEquals("default", event.at("/data/workspaceId").asText());
            assertEquals(7, event.at("/data/priority").asInt());
            assertEquals("api", event.at("/data/origin").asText());
            assertEquals("api", event.at("/data/payload/kind").asText());
            assertEquals(42, event.at("/data/payload/data/orderId").asInt());
            // time-ordered ids, so the queue's unique indexes on them grow at their right edge
            assertEquals(7, UUID.fromString(messageId.substring("api:".length())).version());
            assertEquals(7, UUID.fromString(event.get("eventId").asText()).version());
            ConsumerRecord<String, String> record = probe.drain(Duration.ZERO).stream()
                    .filter(r -> r.value().contains(messageId)).findFirst().orElseThrow();
            assertEquals(conversation, record.key());
        }
    }

    @Test
    void anIdempotencyKeyAnswersTheFirstOutcomeAndPublishesOnce() {
        String key = "key-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("agentKey", "default", "conversationId", "c-" + key, "text", "pay");
        String first = app().header("Idempotency-Key", key).body(body).post("/v1/messages").then().statusCode(202)
                .extract().path("messageId");
        app().header("Idempotency-Key", key).body(body).post("/v1/messages").then().statusCode(202)
                .header("Idempotent-Replayed", "true").body("messageId", equalTo(first));
        app().header("Idempotency-Key", key).body(Map.of("agentKey", "default", "conversationId", "c-" + key,
                "text", "something else")).post("/v1/messages").then().statusCode(422)
                .body("type", equalTo("https://agentfactory.dev/problems/idempotency-key-reused"));
        String sentinel = sentinel();
        try (TopicProbe probe = new TopicProbe(Topics.MESSAGES_ENQUEUED)) {
            JsonNode event = probe.await(TopicProbe.ofType("message.enqueued", "messageId", first), WAIT);
            assertEquals(key, event.at("/data/idempotencyKey").asText());
            probe.await(TopicProbe.ofType("message.enqueued", "messageId", sentinel), WAIT);
            assertEquals(1, probe.drain(Duration.ofMillis(300)).stream().filter(r -> r.value().contains(first)).count());
        }
    }

    @Test
    void aUsersAgentIsAddressedOnItsStableConversation() {
        String user = "usr_" + UUID.randomUUID();
        String expected = ConversationIds.forUserAgent(user, "helper");
        String messageId = app().body(Map.of("text", "hi")).post("/v1/users/" + user + "/agents/helper/messages")
                .then().statusCode(202).body("conversationId", equalTo(expected)).extract().path("messageId");
        app().body(Map.of("payload", Map.of("a", 1))).post("/v1/users/" + user + "/agents/helper/messages")
                .then().statusCode(202).body("conversationId", equalTo(expected));
        app().body(Map.of("text", "hi")).post("/v1/users/" + user + "/agents/Bad%20Key/messages")
                .then().statusCode(400);
        try (TopicProbe probe = new TopicProbe(Topics.MESSAGES_ENQUEUED)) {
            JsonNode event = probe.await(TopicProbe.ofType("message.enqueued", "messageId", messageId), WAIT);
            Contracts.assertValid(Json.write(event));
            assertEquals(user, event.at("/data/consumerUserId").asText());
        }
    }

    @Test
    void badInputIsAProblemAndNothingIsPublished() {
        String tag = UUID.randomUUID().toString();
        Map<String, Object> good = Map.of("agentKey", "default", "conversationId", "bad-" + tag, "text", "x");
        expect400(without(good, "agentKey"), "agentKey");
        expect400(without(good, "conversationId"), "conversationId");
        expect400(without(good, "text"), "text");
        expect400(with(good, "text", "x".repeat(4097)), "text");
        expect400(with(good, "priority", 10), "priority");
        expect400(with(good, "priority", -1), "priority");
        expect400(with(good, "agentKey", "Not A Key"), "agentKey");
        expect400(with(good, "payload", List.of(1, 2)), "payload");
        expect400(with(good, "payload", Map.of("blob", "y".repeat(300 * 1024))), "payload");
        expect400(with(good, "conversationId", "z".repeat(201)), "conversationId");
        // PostgreSQL cannot store NUL: refused here, since after the ack the queue could only dead-letter it
        expect400(with(good, "text", "a\u0000b"), "text");
        expect400(with(good, "conversationId", "bad-" + tag + "\u0000"), "conversationId");
        expect400(with(good, "payload", Map.of("k\u0000", "v")), "payload");
        expect400(with(good, "payload", Map.of("k", List.of("v\u0000"))), "payload");
        expect400(with(good, "availableAt", Instant.now().plus(Duration.ofDays(400)).toString()), "availableAt");
        for (String malformed : List.of(
                "{\"agentKey\": \"default\", \"conversationId\": \"bad-" + tag + "\", \"text\": \"x\"}}",
                "{\"agentKey\": \"default\", \"conversationId\": \"bad-" + tag + "\", \"text\": \"x\", \"priority\": 1.5}",
                "{\"agentKey\": \"default\", \"conversationId\": \"bad-" + tag + "\", \"text\": \"x\","
                        + " \"availableAt\": 9223372036854775807}")) {
            app().body(malformed).post("/v1/messages").then().statusCode(400).contentType("application/problem+json");
        }
        app().body("{\"agentKey\": \"default\", \"conversationId\": \"bad-" + tag + "\", \"text\": ")
                .post("/v1/messages").then().statusCode(400).contentType("application/problem+json");
        app().body("").post("/v1/messages").then().statusCode(400).contentType("application/problem+json");
        app().body(with(good, "text", "x".repeat(1024 * 1024 + 1))).post("/v1/messages").then().statusCode(413)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(good).post("/v1/messages").then().statusCode(401);
        given().header("Authorization", TestCredentials.SERVICE).contentType(ContentType.JSON).body(good)
                .post("/v1/messages").then().statusCode(403);
        given().header("Authorization", TestCredentials.APP).contentType(ContentType.TEXT).body("hello")
                .post("/v1/messages").then().statusCode(415);

        String sentinel = sentinel();
        try (TopicProbe probe = new TopicProbe(Topics.MESSAGES_ENQUEUED)) {
            probe.await(TopicProbe.ofType("message.enqueued", "messageId", sentinel), WAIT);
            assertEquals(0, probe.drain(Duration.ofMillis(500)).stream()
                    .filter(r -> r.value().contains("bad-" + tag)).count(), "a rejected request was published");
        }
    }

    private static void expect400(Map<String, Object> body, String field) {
        app().body(body).post("/v1/messages").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", org.hamcrest.Matchers.hasItem(field));
    }

    static String sentinel() {
        return app().body(Map.of("agentKey", "default", "conversationId", "sentinel", "text", "s"))
                .post("/v1/messages").then().statusCode(202).extract().path("messageId");
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    private static Map<String, Object> without(Map<String, Object> body, String field) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.remove(field);
        return copy;
    }
}
