package dev.agentfactory.queue;

import dev.agentfactory.platform.testing.TestCredentials;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntPredicate;

import static dev.agentfactory.queue.QueueTestSupport.awaitStored;
import static dev.agentfactory.queue.QueueTestSupport.bearer;
import static dev.agentfactory.queue.QueueTestSupport.claim;
import static dev.agentfactory.queue.QueueTestSupport.complete;
import static dev.agentfactory.queue.QueueTestSupport.enqueue;
import static dev.agentfactory.queue.QueueTestSupport.fail;
import static dev.agentfactory.queue.QueueTestSupport.scalar;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every change that makes a conversation claimable claims it for a worker long-polling on the instance in the
 * change's own transaction: the worker gets the message, and its {@code claimed} event shares the transaction id
 * of the change's event.
 */
@QuarkusTest
class HandOffTest extends EmptyQueueTest {

    @Test
    void anEnqueueHandsTheNewMessageToAWaitingWorker() {
        String w = bearer("ho-wh");
        assertHandedOver("the enqueue's transaction claimed for the waiting worker", round -> {
            String messageId = "m-ho-h" + round;
            CompletableFuture<Response> waiting = waitFor(w, "ho-wh");
            enqueue(messageId, "conv-ho-h" + round, 0);
            gets(waiting, messageId, w);
            return appendedTogether(messageId, "enqueued", messageId, "claimed");
        });
    }

    @Test
    void aCompletionHandsTheConversationsNextMessageToAWaitingWorker() {
        String busy = bearer("ho-wc-busy");
        String idle = bearer("ho-wc-idle");
        assertHandedOver("the completion's transaction claimed for the waiting worker", round -> {
            String first = "m-ho-c" + round + "a";
            String second = "m-ho-c" + round + "b";
            String lease = headOf("conv-ho-c" + round, first, second, busy, "ho-wc-busy", round);
            CompletableFuture<Response> waiting = waitFor(idle, "ho-wc-idle"); // the conversation's head is leased
            complete(busy, lease, Map.of()).then().statusCode(200);
            gets(waiting, second, idle);
            return appendedTogether(first, "completed", second, "claimed");
        });
    }

    @Test
    void aDeadLetterHandsTheConversationsNextMessageToAWaitingWorker() {
        String busy = bearer("ho-wf-busy");
        String idle = bearer("ho-wf-idle");
        assertHandedOver("the dead letter's transaction claimed for the waiting worker", round -> {
            String first = "m-ho-f" + round + "a";
            String second = "m-ho-f" + round + "b";
            String lease = headOf("conv-ho-f" + round, first, second, busy, "ho-wf-busy", round);
            CompletableFuture<Response> waiting = waitFor(idle, "ho-wf-idle");
            fail(busy, lease, "bad input", false).then().statusCode(200).body("outcome", equalTo("dead_lettered"));
            gets(waiting, second, idle);
            return appendedTogether(first, "dead-lettered", second, "claimed");
        });
    }

    @Test
    void aRedriveHandsTheMessageBackToAWaitingWorker() {
        String w = bearer("ho-wd");
        String idle = bearer("ho-wd-idle");
        assertHandedOver("the redrive's transaction claimed for the waiting worker", round -> {
            String messageId = "m-ho-d" + round;
            enqueue(messageId, "conv-ho-d" + round, 0);
            awaitStored(round);
            String lease = claim(w, "ho-wd", 0).then().statusCode(200).extract().path("leaseId");
            fail(w, lease, "bad input", false).then().statusCode(200);
            CompletableFuture<Response> waiting = waitFor(idle, "ho-wd-idle");
            given().header("Authorization", TestCredentials.ADMIN).post("/v1/dead-letters/" + messageId + "/redrive")
                    .then().statusCode(200);
            gets(waiting, messageId, idle);
            return appendedTogether(messageId, "redriven", messageId, "claimed");
        });
    }

    @Test
    void theSweeperHandsAnExpiredLeasesMessageToAWaitingWorker() {
        String crashed = bearer("ho-we-crashed");
        String rescuer = bearer("ho-we-rescuer");
        assertHandedOver("the sweep's transaction claimed for the waiting worker", round -> {
            String messageId = "m-ho-e" + round;
            enqueue(messageId, "conv-ho-e" + round, 0);
            awaitStored(round);
            claim(crashed, "ho-we-crashed", 0).then().statusCode(200); // and never heard of again: the lease expires
            CompletableFuture<Response> waiting = waitFor(rescuer, "ho-we-rescuer");
            gets(waiting, messageId, rescuer);
            return appendedTogether(messageId, "lease-expired", messageId, "claimed");
        });
    }

    /**
     * A claim caught between two of its one-second re-checks when the conversation becomes claimable takes the long
     * way (notification, then a claim of its own), which is correct too: a few rounds make that chance negligible.
     */
    private static void assertHandedOver(String what, IntPredicate round) {
        boolean handedOver = false;
        for (int i = 1; i <= 3 && !handedOver; i++) {
            handedOver = round.test(i);
        }
        assertTrue(handedOver, what);
    }

    /** A conversation of two messages whose first the worker holds; @return its lease */
    private static String headOf(String conversation, String first, String second, String bearer, String workerId,
                                 int round) {
        enqueue(first, conversation, 0);
        enqueue(second, conversation, 0);
        awaitStored(2L * round);
        return claim(bearer, workerId, 0).then().statusCode(200).body("messageId", equalTo(first))
                .extract().path("leaseId");
    }

    /** A worker's long-poll, parked by the time this returns (nothing is claimable for it until the test acts). */
    private static CompletableFuture<Response> waitFor(String bearer, String workerId) {
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> claim(bearer, workerId, 20000));
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return waiting;
    }

    /** The waiting worker got the message; it completes it so the next round starts from a free worker. */
    private static void gets(CompletableFuture<Response> waiting, String messageId, String bearer) {
        Response claimed = waiting.join();
        claimed.then().statusCode(200).body("messageId", equalTo(messageId));
        complete(bearer, claimed.path("leaseId"), Map.of()).then().statusCode(200);
    }

    /** Whether one transaction appended the latest lifecycle events of these messages and types. */
    private static boolean appendedTogether(String messageA, String typeA, String messageB, String typeB) {
        String sameTransaction = "SELECT (" + latestTxid(messageA, typeA) + ") = (" + latestTxid(messageB, typeB) + ")";
        return "t".equals(scalar(sameTransaction));
    }

    private static String latestTxid(String messageId, String type) {
        return "SELECT txid FROM queue.event_log WHERE envelope->'data'->>'messageId' = '" + messageId + "'"
                + " AND event_type = 'queue.message." + type + "' ORDER BY id DESC LIMIT 1";
    }
}
