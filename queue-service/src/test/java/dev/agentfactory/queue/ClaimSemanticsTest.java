package dev.agentfactory.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.testing.TestCredentials;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.agentfactory.queue.QueueTestSupport.assertClaimedOnTime;
import static dev.agentfactory.queue.QueueTestSupport.awaitStored;
import static dev.agentfactory.queue.QueueTestSupport.bearer;
import static dev.agentfactory.queue.QueueTestSupport.claim;
import static dev.agentfactory.queue.QueueTestSupport.complete;
import static dev.agentfactory.queue.QueueTestSupport.count;
import static dev.agentfactory.queue.QueueTestSupport.enqueue;
import static dev.agentfactory.queue.QueueTestSupport.enqueueAt;
import static dev.agentfactory.queue.QueueTestSupport.scalar;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ordering, locking, delays, long polls and the refusals of the claim and lease endpoints. */
@QuarkusTest
class ClaimSemanticsTest extends EmptyQueueTest {

    @Test
    void oneLeasePerConversationFifoWithinItPriorityAcross() {
        enqueue("m-a1", "conv-a", 1);
        enqueue("m-a2", "conv-a", 9); // behind m-a1 whatever its priority
        enqueue("m-b1", "conv-b", 5);
        awaitStored(3);
        String w1 = bearer("w1");
        String w2 = bearer("w2");

        Response first = claim(w1, "w1", 0);
        first.then().statusCode(200).body("messageId", equalTo("m-b1")); // head priority 5 beats head priority 1
        Response second = claim(w2, "w2", 0);
        second.then().statusCode(200).body("messageId", equalTo("m-a1"));
        claim(w2, "w2", 0).then().statusCode(204); // conv-a is locked, conv-b is locked

        complete(w2, second.path("leaseId"), Map.of()).then().statusCode(200);
        claim(w2, "w2", 0).then().statusCode(200).body("messageId", equalTo("m-a2")).body("attempt", equalTo(1));
        assertEquals(2, count("SELECT count(*) FROM queue.conversations WHERE lease_id IS NOT NULL"));
    }

    @Test
    void delayedMessageKeepsItsPlaceButWaits() {
        enqueueAt("m-d1", "conv-d", Instant.now().plusSeconds(2));
        enqueue("m-d2", "conv-d", 5);
        awaitStored(2);
        String w = bearer("wd");
        claim(w, "wd", 0).then().statusCode(204);
        Response later = claim(w, "wd", 6000);
        later.then().statusCode(200).body("messageId", equalTo("m-d1"));
    }

    @Test
    void aDelayedMessageReachesAWaitingWorkerWhenItComesDueNotAtTheWorkersNextRecheck() throws Exception {
        String w = bearer("wdue");
        Instant started = Instant.now();
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> claim(w, "wdue", 20000));
        // due some 0.3 s after the waiter's first one-second re-check: without an alarm for it, the
        // worker would get it at its second re-check, some 0.7 s late
        enqueueAt("m-due1", "conv-due", started.plusMillis(1300));
        waiting.get().then().statusCode(200).body("messageId", equalTo("m-due1"));
        assertClaimedOnTime("m-due1");
    }

    @Test
    void aDelayedMessageThatACompletionMakesTheHeadReachesAWaitingWorkerWhenItComesDue() throws Exception {
        enqueue("m-due2a", "conv-due2", 0);
        awaitStored(1);
        String busy = bearer("wdue-busy");
        String lease = claim(busy, "wdue-busy", 0).then().statusCode(200).extract().path("leaseId");
        String idle = bearer("wdue-idle");
        Instant started = Instant.now();
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> claim(idle, "wdue-idle", 20000));
        enqueueAt("m-due2b", "conv-due2", started.plusMillis(1300)); // behind the leased head
        awaitStored(2);
        complete(busy, lease, Map.of()).then().statusCode(200); // the delayed message becomes the head
        waiting.get().then().statusCode(200).body("messageId", equalTo("m-due2b"));
        assertClaimedOnTime("m-due2b");
    }

    @Test
    void longPollIsWokenByANewMessage() throws Exception {
        String w = bearer("wl");
        long started = System.nanoTime();
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> claim(w, "wl", 20000));
        Thread.sleep(500); // the claim is parked before the message arrives
        enqueue("m-l1", "conv-l", 0);
        Response claimed = waiting.get();
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        claimed.then().statusCode(200).body("messageId", equalTo("m-l1"));
        assertTrue(tookMs < 15000, "woken by the notification, not by the end of the wait: " + tookMs + " ms");
        claim(w, "wl", 300).then().statusCode(204);
    }

    @Test
    void staleForeignAndUnknownLeasesChangeNothing() {
        enqueue("m-s1", "conv-s", 0);
        awaitStored(1);
        String owner = bearer("owner");
        String other = bearer("other");
        String leaseId = claim(owner, "owner", 0).then().statusCode(200).extract().path("leaseId");

        complete(other, leaseId, Map.of()).then().statusCode(403);
        QueueTestSupport.fail(other, leaseId, "boom", true).then().statusCode(403);
        given().header("Authorization", other).post("/v1/leases/" + leaseId + "/heartbeat").then().statusCode(403);
        assertEquals("leased", scalar("SELECT status FROM queue.messages WHERE message_id = 'm-s1'"));

        complete(owner, java.util.UUID.randomUUID().toString(), Map.of()).then().statusCode(409)
                .body("type", equalTo("https://agentfactory.dev/problems/lease-lost"));
        complete(owner, leaseId, Map.of()).then().statusCode(200);
        complete(owner, leaseId, Map.of()).then().statusCode(409);
        given().header("Authorization", owner).post("/v1/leases/" + leaseId + "/heartbeat").then().statusCode(409);
        QueueTestSupport.fail(owner, leaseId, "late", true).then().statusCode(409);
        assertEquals("done", scalar("SELECT status FROM queue.messages WHERE message_id = 'm-s1'"));
        assertEquals(1, count("SELECT attempt FROM queue.messages WHERE message_id = 'm-s1'"));
    }

    @Test
    void invalidRequestsAre400AndClaimNothing() {
        enqueue("m-v1", "conv-v", 0);
        awaitStored(1);
        String w = bearer("wv");
        given().header("Authorization", w).contentType(ContentType.JSON).body(Map.of("workerId", "wv", "waitMs", 99999))
                .post("/v1/claims").then().statusCode(400).body("violations[0].field", equalTo("waitMs"));
        given().header("Authorization", w).contentType(ContentType.JSON).body("{\"workerId\": ")
                .post("/v1/claims").then().statusCode(400);
        given().header("Authorization", w).contentType(ContentType.JSON).body(Map.of("workerId", "someone-else"))
                .post("/v1/claims").then().statusCode(403);
        given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON).body(Map.of("workerId", "wv"))
                .post("/v1/claims").then().statusCode(403);
        assertEquals("queued", scalar("SELECT status FROM queue.messages WHERE message_id = 'm-v1'"));

        String leaseId = claim(w, "wv", 0).then().statusCode(200).extract().path("leaseId");
        complete(w, leaseId, Map.of("hydrationDelta", "not an object")).then().statusCode(400);
        for (String notAnObject : List.of("[]", "5", "\"done\"", "true", "[{\"claimNext\":true}]")) {
            given().header("Authorization", w).contentType(ContentType.JSON).body(notAnObject)
                    .post("/v1/leases/" + leaseId + "/complete").then().statusCode(400);
        }
        given().header("Authorization", w).contentType(ContentType.JSON).body(Map.of("retryable", true))
                .post("/v1/leases/" + leaseId + "/fail").then().statusCode(400).body("violations[0].field", equalTo("error"));
        assertEquals("leased", scalar("SELECT status FROM queue.messages WHERE message_id = 'm-v1'"));
        assertEquals(1, count("SELECT attempt FROM queue.messages WHERE message_id = 'm-v1'"));
    }

    @Test
    void heartbeatExtendsAndCompleteCanClaimNextWithHydrationMerge() {
        enqueue("m-h1", "conv-h", 0);
        enqueue("m-h2", "conv-h", 0);
        awaitStored(2);
        String w = bearer("wh");
        Response first = claim(w, "wh", 0);
        String before = first.path("leaseExpiresAt");
        Response beat = given().header("Authorization", w).post("/v1/leases/" + first.path("leaseId") + "/heartbeat");
        beat.then().statusCode(200).body("shouldStop", equalTo(false));
        assertTrue(Instant.parse(beat.path("leaseExpiresAt")).isAfter(Instant.parse(before)));

        Response next = complete(w, first.path("leaseId"), Map.of("claimNext", true,
                "hydrationDelta", Map.of("memory", Map.of("a", 1, "b", 2))));
        next.then().statusCode(200).body("next.messageId", equalTo("m-h2"));
        complete(w, next.path("next.leaseId"), "{\"hydrationDelta\": {\"memory\": {\"b\": null}, \"topic\": \"x\"}}")
                .then().statusCode(200).body("next", equalTo(null));
        assertEquals(Json.read("{\"topic\": \"x\", \"memory\": {\"a\": 1}}", JsonNode.class), Json.read(
                scalar("SELECT hydration::text FROM queue.conversations WHERE conversation_id = 'conv-h'"), JsonNode.class));
    }
}
