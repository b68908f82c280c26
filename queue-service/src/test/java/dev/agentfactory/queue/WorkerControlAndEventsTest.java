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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.agentfactory.queue.QueueTestSupport.awaitStored;
import static dev.agentfactory.queue.QueueTestSupport.bearer;
import static dev.agentfactory.queue.QueueTestSupport.claim;
import static dev.agentfactory.queue.QueueTestSupport.complete;
import static dev.agentfactory.queue.QueueTestSupport.count;
import static dev.agentfactory.queue.QueueTestSupport.enqueue;
import static dev.agentfactory.queue.QueueTestSupport.scalar;
import static dev.agentfactory.queue.QueueTestSupport.send;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fleet's stop and park orders, and the depth and worker-activity events the scheduler lives on. */
@QuarkusTest
class WorkerControlAndEventsTest extends EmptyQueueTest {

    private static void statusChanged(String workerId, String status, String previous) {
        String event = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"worker.status-changed\",\"occurredAt\":\""
                + Instant.now() + "\",\"source\":\"scheduler-service\",\"subject\":\"" + workerId + "\",\"schemaVersion\":1,"
                + "\"data\":{\"workerId\":\"" + workerId + "\",\"status\":\"" + status + "\",\"previousStatus\":"
                + (previous == null ? "null" : "\"" + previous + "\"") + ",\"reason\":\"operator-drain\",\"changedAt\":\""
                + Instant.now() + "\"}}";
        Contracts.assertValid(event);
        send(Topics.SCHEDULER_FLEET, workerId, event);
    }

    @Test
    void aDrainingWorkerGetsNoNewMessageAndIsToldToStop() {
        enqueue("m-c1", "conv-c1", 0);
        enqueue("m-c2", "conv-c2", 0);
        awaitStored(2);
        String w = bearer("w-drain");
        Response held = claim(w, "w-drain", 0);
        held.then().statusCode(200).body("shouldStop", equalTo(false));

        statusChanged("w-drain", "draining", "active");
        awaitStatus("w-drain", "draining");
        claim(w, "w-drain", 0).then().statusCode(200).body("shouldStop", equalTo(true)).body("shouldPark", equalTo(false))
                .body("leaseId", equalTo(null));
        given().header("Authorization", w).post("/v1/leases/" + held.path("leaseId") + "/heartbeat")
                .then().statusCode(200).body("shouldStop", equalTo(true));
        assertEquals(1, count("SELECT count(*) FROM queue.messages WHERE status = 'queued'"));
        complete(w, held.path("leaseId"), "{\"claimNext\": true}").then().statusCode(200)
                .body("next", equalTo(null)).body("shouldStop", equalTo(true));

        String other = bearer("w-active");
        claim(other, "w-active", 0).then().statusCode(200).body("shouldStop", equalTo(false));
    }

    @Test
    void aParkedWorkerIsAnsweredAtOnceWithoutWorkAndTakesWorkAgainWhenActive() {
        enqueue("m-p1", "conv-p1", 0);
        enqueue("m-p2", "conv-p2", 0);
        awaitStored(2);
        String w = bearer("w-park");
        Response held = claim(w, "w-park", 0);
        held.then().statusCode(200).body("messageId", equalTo("m-p1")).body("shouldPark", equalTo(false));

        statusChanged("w-park", "parking", "active");
        awaitStatus("w-park", "parking");
        long asked = System.nanoTime();
        claim(w, "w-park", 5000).then().statusCode(200).body("shouldPark", equalTo(true))
                .body("shouldStop", equalTo(false)).body("leaseId", equalTo(null));
        assertAnsweredAtOnce(asked, "a parking worker's claim");
        given().header("Authorization", w).post("/v1/leases/" + held.path("leaseId") + "/heartbeat")
                .then().statusCode(200).body("shouldStop", equalTo(false)).body("shouldPark", equalTo(true));
        asked = System.nanoTime();
        complete(w, held.path("leaseId"), "{\"claimNext\": true, \"waitMs\": 5000}").then().statusCode(200)
                .body("status", equalTo("completed")).body("next", equalTo(null))
                .body("shouldStop", equalTo(false)).body("shouldPark", equalTo(true));
        assertAnsweredAtOnce(asked, "a parking worker's complete with claimNext");

        statusChanged("w-park", "parked", "parking");
        awaitStatus("w-park", "parked");
        asked = System.nanoTime();
        claim(w, "w-park", 5000).then().statusCode(200).body("shouldPark", equalTo(true))
                .body("shouldStop", equalTo(false)).body("leaseId", equalTo(null));
        assertAnsweredAtOnce(asked, "a parked worker's claim");
        assertEquals("queued", scalar("SELECT status FROM queue.messages WHERE message_id = 'm-p2'"));

        statusChanged("w-park", "active", "parked");
        awaitStatus("w-park", "active");
        claim(w, "w-park", 5000).then().statusCode(200).body("messageId", equalTo("m-p2"))
                .body("shouldStop", equalTo(false)).body("shouldPark", equalTo(false));

        statusChanged("w-park", "draining", "active");
        awaitStatus("w-park", "draining");
        claim(w, "w-park", 0).then().statusCode(200).body("shouldStop", equalTo(true)).body("shouldPark", equalTo(false));
    }

    @Test
    void aWaitingWorkerParkedBeforeAMessageArrivesIsNotGivenIt() throws Exception {
        String w = bearer("w-wait");
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> claim(w, "w-wait", 20000));
        Thread.sleep(300);
        statusChanged("w-wait", "parking", "active");
        awaitStatus("w-wait", "parking");
        enqueue("m-w1", "conv-w1", 0);

        waiting.get(10, TimeUnit.SECONDS).then().statusCode(200).body("shouldPark", equalTo(true))
                .body("leaseId", equalTo(null));
        awaitStored(1);
        assertEquals("queued", scalar("SELECT status FROM queue.messages WHERE message_id = 'm-w1'"));
        String other = bearer("w-next");
        claim(other, "w-next", 5000).then().statusCode(200).body("messageId", equalTo("m-w1"));
    }

    private static void awaitStatus(String workerId, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> status.equals(
                scalar("SELECT status FROM queue.workers WHERE worker_id = '" + workerId + "'")));
    }

    /** Well inside the 5 s asked for and the 1 s re-check of a waiting claim: the answer did not wait. */
    private static void assertAnsweredAtOnce(long askedNanos, String what) {
        long ms = Duration.ofNanos(System.nanoTime() - askedNanos).toMillis();
        assertTrue(ms < 1000, what + " took " + ms + " ms");
    }

    @Test
    void depthStatsAndWorkerActivityFollowTheContract() {
        enqueue("m-s1", "conv-s1", 0);
        enqueue("m-s2", "conv-s1", 0);
        enqueue("m-s3", "conv-s2", 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM queue.messages") == 3);
        String w = bearer("w-act");
        Response claimed = claim(w, "w-act", 0);
        claimed.then().statusCode(200);

        given().header("Authorization", TestCredentials.ADMIN).get("/v1/stats").then().statusCode(200)
                .body("workspaces[0].workspaceId", equalTo("default"))
                .body("workspaces[0].readyMessages", equalTo(2))
                .body("workspaces[0].readyConversations", equalTo(1))
                .body("workspaces[0].busyConversations", equalTo(1));

        try (TopicProbe depth = new TopicProbe(Topics.QUEUE_DEPTH)) {
            JsonNode event = depth.await(e -> "queue.depth".equals(e.path("type").asText())
                    && e.path("data").path("busyConversations").asInt() == 1, Duration.ofSeconds(20));
            Contracts.assertValid(Json.write(event));
            assertEquals("default", event.path("subject").asText());
        }
        complete(w, claimed.path("leaseId"), "{}").then().statusCode(200);
        try (TopicProbe activity = new TopicProbe(Topics.WORKERS_ACTIVITY)) {
            for (String type : new String[]{"worker.first-claim", "worker.claimed", "worker.idle"}) {
                JsonNode event = activity.await(TopicProbe.ofType(type, "workerId", "w-act"), Duration.ofSeconds(30));
                Contracts.assertValid(Json.write(event));
            }
        }
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/messages/m-s1").then().statusCode(200)
                .body("history.type", hasItem("queue.message.enqueued"));
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/messages/none").then().statusCode(404);
    }
}
