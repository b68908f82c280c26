package dev.agentfactory.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.testing.Contracts;
import dev.agentfactory.platform.testing.TestCredentials;
import dev.agentfactory.platform.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.agentfactory.queue.QueueTestSupport.assertClaimedOnTime;
import static dev.agentfactory.queue.QueueTestSupport.awaitStored;
import static dev.agentfactory.queue.QueueTestSupport.bearer;
import static dev.agentfactory.queue.QueueTestSupport.claim;
import static dev.agentfactory.queue.QueueTestSupport.complete;
import static dev.agentfactory.queue.QueueTestSupport.count;
import static dev.agentfactory.queue.QueueTestSupport.enqueue;
import static dev.agentfactory.queue.QueueTestSupport.fail;
import static dev.agentfactory.queue.QueueTestSupport.scalar;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backoff, dead letters, redrive and expired leases (test profile: base 200 ms, factor 3, 3 attempts, 5 s leases). */
@QuarkusTest
class RetryAndRecoveryTest extends EmptyQueueTest {

    @Test
    void retryBacksOffWithinJitterBoundsAndKeepsTheHead() {
        enqueue("m-r1", "conv-r", 0);
        enqueue("m-r2", "conv-r", 0);
        awaitStored(2);
        String w = bearer("wr");
        String lease = claim(w, "wr", 0).then().statusCode(200).body("messageId", equalTo("m-r1")).extract().path("leaseId");

        Instant before = Instant.now();
        Response failed = fail(w, lease, "model timeout", true);
        Instant after = Instant.now();
        failed.then().statusCode(200).body("outcome", equalTo("retry_scheduled")).body("attempt", equalTo(1));
        Instant next = Instant.parse(failed.path("nextAttemptAt"));
        assertFalse(next.isBefore(before.plusMillis(200 - 5)), "at least the base delay: " + next + " vs " + before);
        assertFalse(next.isAfter(after.plusMillis(600 + 5)), "at most base x factor: " + next + " vs " + after);
        if (Instant.now().plusMillis(100).isBefore(next)) { // the retry is still delayed: the depth says so
            given().header("Authorization", TestCredentials.ADMIN).get("/v1/stats").then().statusCode(200)
                    .body("workspaces[0].delayedMessages", equalTo(1)).body("workspaces[0].readyMessages", equalTo(1))
                    .body("workspaces[0].readyConversations", equalTo(0))
                    .body("workspaces[0].busyConversations", equalTo(0));
        }

        Response early = claim(w, "wr", 0);
        Response again = early.statusCode() == 200 ? early : claim(w, "wr", 5000);
        again.then().statusCode(200).body("messageId", equalTo("m-r1")).body("attempt", equalTo(2));
        assertEquals("t", scalar("SELECT claimed_at >= available_at FROM queue.messages WHERE message_id = 'm-r1'"),
                "not claimable before nextAttemptAt");
        assertEquals("queued", scalar("SELECT status FROM queue.messages WHERE message_id = 'm-r2'"),
                "m-r2 never overtakes its waiting head");
    }

    @Test
    void aRetryReachesAWaitingWorkerWhenItsBackoffEndsNotAtTheWorkersNextRecheck() throws Exception {
        enqueue("m-rw", "conv-rw", 0);
        awaitStored(1);
        String w = bearer("wrw");
        String lease = claim(w, "wrw", 0).then().statusCode(200).extract().path("leaseId");
        Instant next = Instant.parse(fail(w, lease, "rate limited", true).path("nextAttemptAt"));
        // start waiting just before the retry comes due: the waiter's first re-check is then nearly a second after
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), next).toMillis() - 100));
        claim(w, "wrw", 5000).then().statusCode(200).body("messageId", equalTo("m-rw")).body("attempt", equalTo(2));
        assertClaimedOnTime("m-rw");
    }

    @Test
    void deadLetterAfterMaxAttemptsUnblocksTheConversationAndRedriveRequeues() {
        enqueue("m-x1", "conv-x", 0);
        enqueue("m-x2", "conv-x", 0);
        awaitStored(2);
        String w = bearer("wx");
        for (int attempt = 1; attempt <= 3; attempt++) {
            Response claimed = claim(w, "wx", 5000);
            claimed.then().statusCode(200).body("messageId", equalTo("m-x1")).body("attempt", equalTo(attempt));
            fail(w, claimed.path("leaseId"), "still broken", true).then().statusCode(200)
                    .body("outcome", equalTo(attempt < 3 ? "retry_scheduled" : "dead_lettered"));
        }
        assertEquals("dead", scalar("SELECT status FROM queue.messages WHERE message_id = 'm-x1'"));
        Response second = claim(w, "wx", 0);
        second.then().statusCode(200).body("messageId", equalTo("m-x2"));

        given().header("Authorization", TestCredentials.ADMIN).get("/v1/dead-letters").then().statusCode(200)
                .body("items.messageId", hasItem("m-x1")).body("items[0].error", equalTo("attempts exhausted: still broken"));
        given().header("Authorization", w).get("/v1/dead-letters").then().statusCode(403);
        given().header("Authorization", TestCredentials.ADMIN).post("/v1/dead-letters/m-x2/redrive").then().statusCode(409);
        given().header("Authorization", TestCredentials.ADMIN).post("/v1/dead-letters/nope/redrive").then().statusCode(404);
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/stats").then().statusCode(200)
                .body("workspaces[0].deadLetters", equalTo(1)).body("workspaces[0].readyMessages", equalTo(0))
                .body("workspaces[0].busyConversations", equalTo(1));
        given().header("Authorization", TestCredentials.ADMIN).post("/v1/dead-letters/m-x1/redrive").then().statusCode(200)
                .body("status", equalTo("queued"));
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/stats").then().statusCode(200)
                .body("workspaces[0].deadLetters", equalTo(0)).body("workspaces[0].readyMessages", equalTo(1))
                .body("workspaces[0].busyConversations", equalTo(1));

        complete(w, second.path("leaseId"), Map.of()).then().statusCode(200);
        claim(w, "wx", 0).then().statusCode(200).body("messageId", equalTo("m-x1")).body("attempt", equalTo(1));
    }

    @Test
    void nonRetryableFailureDeadLettersAtOnce() {
        enqueue("m-n1", "conv-n", 0);
        awaitStored(1);
        String w = bearer("wn");
        String lease = claim(w, "wn", 0).path("leaseId");
        fail(w, lease, "bad input", false).then().statusCode(200).body("outcome", equalTo("dead_lettered"))
                .body("nextAttemptAt", equalTo(null));
        assertEquals("dead", scalar("SELECT status FROM queue.messages WHERE message_id = 'm-n1'"));
    }

    @Test
    void expiredLeaseIsRedeliveredWithTheNextAttempt() {
        enqueue("m-e1", "conv-e", 0);
        awaitStored(1);
        String crashed = bearer("w-crashed");
        String lease = claim(crashed, "w-crashed", 0).then().statusCode(200).extract().path("leaseId");

        String rescuer = bearer("w-rescuer");
        Response redelivered = claim(rescuer, "w-rescuer", 15000);
        redelivered.then().statusCode(200).body("messageId", equalTo("m-e1")).body("attempt", equalTo(2));
        complete(crashed, lease, Map.of()).then().statusCode(409);
        complete(rescuer, redelivered.path("leaseId"), Map.of()).then().statusCode(200);

        try (TopicProbe lifecycle = new TopicProbe(Topics.QUEUE_LIFECYCLE)) {
            JsonNode expired = lifecycle.await(TopicProbe.ofType("queue.message.lease-expired", "messageId", "m-e1"),
                    Duration.ofSeconds(20));
            Contracts.assertValid(Json.write(expired));
            assertEquals("w-crashed", expired.path("data").path("workerId").asText());
        }
        try (TopicProbe activity = new TopicProbe(Topics.WORKERS_ACTIVITY)) {
            JsonNode stale = activity.await(TopicProbe.ofType("worker.heartbeat-stale", "workerId", "w-crashed"),
                    Duration.ofSeconds(20));
            Contracts.assertValid(Json.write(stale));
            assertEquals("m-e1", stale.path("data").path("messageId").asText());
            Instant lastHeartbeat = Instant.parse(stale.path("data").path("lastHeartbeatAt").asText());
            Instant reported = Instant.parse(stale.path("data").path("at").asText());
            assertFalse(lastHeartbeat.plusSeconds(5).isAfter(reported), "a whole lease without a heartbeat: " + stale);
            assertEquals(0, activity.drain(Duration.ofSeconds(1)).stream()
                    .filter(r -> r.value().contains("heartbeat-stale") && r.value().contains("w-rescuer")).count(),
                    "the worker that completed in time is not reported");
        }
        JsonNode view = Json.read(given().header("Authorization", TestCredentials.ADMIN).get("/v1/messages/m-e1")
                .then().statusCode(200).body("status", equalTo("done")).body("attempt", equalTo(2))
                .extract().asString(), JsonNode.class);
        StringBuilder types = new StringBuilder();
        view.path("history").forEach(entry -> types.append(entry.path("type").asText()).append(' '));
        assertEquals("queue.message.enqueued queue.message.claimed queue.message.lease-expired queue.message.claimed"
                + " queue.message.completed", types.toString().trim());
    }

    @Test
    void repairRequeuesRowsThatLostTheirLease() {
        enqueue("m-p1", "conv-p", 0);
        awaitStored(1);
        String w = bearer("wp");
        claim(w, "wp", 0).then().statusCode(200);
        QueueTestSupport.sql("UPDATE queue.conversations SET lease_expires_at = NULL WHERE conversation_id = 'conv-p'");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT count(*) FROM queue.conversations WHERE lease_id IS NOT NULL") == 0);
        claim(w, "wp", 0).then().statusCode(200).body("messageId", equalTo("m-p1"));

        JsonNode history = Json.read(given().header("Authorization", TestCredentials.ADMIN).get("/v1/messages/m-p1")
                .then().statusCode(200).extract().asString(), JsonNode.class).path("history");
        JsonNode lost = history.get(history.size() - 2);
        assertEquals("queue.message.lease-expired", lost.path("type").asText(), "the lost lease ends visibly");
        String error = lost.path("data").path("error").asText();
        assertTrue(error.startsWith("lease lost"), error);
        assertEquals("wp", lost.path("data").path("workerId").asText());
    }
}
