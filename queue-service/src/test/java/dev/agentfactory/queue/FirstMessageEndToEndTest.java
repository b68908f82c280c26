package dev.agentfactory.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.testing.Contracts;
import dev.agentfactory.platform.testing.TestCredentials;
import dev.agentfactory.platform.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.agentfactory.queue.QueueTestSupport.bearer;
import static dev.agentfactory.queue.QueueTestSupport.claim;
import static dev.agentfactory.queue.QueueTestSupport.complete;
import static dev.agentfactory.queue.QueueTestSupport.count;
import static dev.agentfactory.queue.QueueTestSupport.enqueuedEvent;
import static dev.agentfactory.queue.QueueTestSupport.send;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A message from Kafka to a worker and back: stored once, claimed with a lease, completed, told on the lifecycle topic. */
@QuarkusTest
class FirstMessageEndToEndTest {

    @BeforeEach
    void clean() {
        QueueTestSupport.reset();
    }

    @Test
    void enqueuedMessageIsClaimedAndCompletedWithLifecycleEvents() {
        String event = enqueuedEvent("api:e2e-1", "conv-e2e", 5, null).toString();
        send(Topics.MESSAGES_ENQUEUED, "conv-e2e", event);
        send(Topics.MESSAGES_ENQUEUED, "conv-e2e", event); // at-least-once redelivery
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM queue.messages") == 1);

        String worker = bearer("wkr-e2e");
        Response claimed = claim(worker, "wkr-e2e", 5000);
        claimed.then().statusCode(200).body("messageId", equalTo("api:e2e-1"))
                .body("conversationId", equalTo("conv-e2e")).body("attempt", equalTo(1))
                .body("shouldStop", equalTo(false)).body("payload.text", equalTo("hello api:e2e-1"));
        String leaseId = claimed.path("leaseId");

        complete(worker, leaseId, Map.of("result", Map.of("reply", "done"))).then().statusCode(200)
                .body("status", equalTo("completed")).body("messageId", equalTo("api:e2e-1"));
        assertEquals("done", QueueTestSupport.scalar("SELECT status FROM queue.messages WHERE message_id = 'api:e2e-1'"));
        claim(worker, "wkr-e2e", 0).then().statusCode(204);

        try (TopicProbe lifecycle = new TopicProbe(Topics.QUEUE_LIFECYCLE)) {
            String previousEventId = "";
            for (String type : new String[]{"queue.message.enqueued", "queue.message.claimed", "queue.message.completed"}) {
                JsonNode seen = lifecycle.await(TopicProbe.ofType(type, "messageId", "api:e2e-1"), Duration.ofSeconds(20));
                assertEquals("conv-e2e", seen.path("subject").asText());
                Contracts.assertValid(Json.write(seen));
                // time-ordered ids: the event log's unique index grows at its right edge
                String eventId = seen.path("eventId").asText();
                assertEquals(7, UUID.fromString(eventId).version(), eventId);
                assertTrue(eventId.compareTo(previousEventId) > 0, eventId + " after " + previousEventId);
                previousEventId = eventId;
            }
            long enqueuedEvents = lifecycle.drain(Duration.ofMillis(300)).stream()
                    .filter(r -> r.value().contains("queue.message.enqueued") && r.value().contains("api:e2e-1")).count();
            assertEquals(1, enqueuedEvents, "a redelivered event enqueues nothing new");
        }
    }

    @Test
    void malformedEnqueueEventIsDeadLetteredAndStoresNothing() {
        send(Topics.MESSAGES_ENQUEUED, "conv-bad", "{not json");
        send(Topics.MESSAGES_ENQUEUED, "conv-bad", enqueuedEvent("api:bad-prio", "conv-bad", 42, null).toString());
        try (TopicProbe dlq = new TopicProbe(Topics.MESSAGES_ENQUEUED + ".dlq")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> dlq.drain(Duration.ofMillis(200)).size() >= 2);
        }
        send(Topics.MESSAGES_ENQUEUED, "conv-bad", enqueuedEvent("api:good", "conv-bad", 1, null).toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM queue.messages") == 1);
        assertEquals(0, count("SELECT count(*) FROM queue.messages WHERE message_id = 'api:bad-prio'"));
    }

    @Test
    void workerTokensAreMintedForAdminsOnly() {
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("workerId", "wkr-7")).post("/v1/worker-tokens")
                .then().statusCode(200).body("workerId", equalTo("wkr-7")).body("token", startsWith("wt1."));
        given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON)
                .body(Map.of("workerId", "wkr-7")).post("/v1/worker-tokens").then().statusCode(403);
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("workerId", "")).post("/v1/worker-tokens").then().statusCode(400)
                .body("violations[0].field", equalTo("workerId"));
        given().contentType(ContentType.JSON).body(Map.of("workerId", "wkr-7")).post("/v1/worker-tokens")
                .then().statusCode(401);
    }
}
