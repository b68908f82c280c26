package dev.agentfactory.queue;

import dev.agentfactory.platform.testing.TestCredentials;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
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
        assertNextMessageHandedOver("c", "completed",
                (busy, lease) -> complete(busy, lease, Map.of()).then().statusCode(200));
    }

    @Test
    void aDeadLetterHandsTheConversationsNextMessageToAWaitingWorker() {
        assertNextMessageHandedOver("f", "dead-lettered", (busy, lease) -> fail(busy, lease, "bad input", false)
                .then().statusCode(200).body("outcome", equalTo("dead_lettered")));
    }

    @Test
    void aRedriveHandsTheMessageBackToAWaitingWorker() {
        assertMessageHandedBack("d", "redriven", held -> {
            fail(held.bearer(), held.leaseId(), "bad input", false).then().statusCode(200);
            given().header("Authorization", TestCredentials.ADMIN)
                    .post("/v1/dead-letters/" + held.messageId() + "/redrive").then().statusCode(200);
        });
    }

    @Test
    void theSweeperHandsAnExpiredLeasesMessageToAWaitingWorker() {
        assertMessageHandedBack("e", "lease-expired", held -> {
            // the worker holding it is never heard of again: the lease expires
        });
    }

    @Test
    void theRepairHandsAMessageWhoseLeaseLostItsExpiryToAWaitingWorker() {
        assertMessageHandedBack("r", "lease-expired", held -> QueueTestSupport.sql(
                "UPDATE queue.conversations SET lease_expires_at = NULL WHERE lease_id = '" + held.leaseId() + "'"));
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

    /**
     * A conversation of two messages, a worker holding the first and another waiting: {@code ending} ends the first
     * worker's lease, and the waiting worker gets the second message in the transaction that appended the first's
     * {@code causeType} event.
     */
    private static void assertNextMessageHandedOver(String tag, String causeType, BiConsumer<String, String> ending) {
        String busyWorker = "ho-w" + tag + "-busy";
        String idleWorker = "ho-w" + tag + "-idle";
        String busy = bearer(busyWorker);
        String idle = bearer(idleWorker);
        assertHandedOver("the transaction of " + causeType + " claimed for the waiting worker", round -> {
            String first = "m-ho-" + tag + round + "a";
            String second = "m-ho-" + tag + round + "b";
            enqueue(first, "conv-ho-" + tag + round, 0);
            enqueue(second, "conv-ho-" + tag + round, 0);
            awaitStored(2L * round);
            String lease = claim(busy, busyWorker, 0).then().statusCode(200).body("messageId", equalTo(first))
                    .extract().path("leaseId");
            CompletableFuture<Response> waiting = waitFor(idle, idleWorker); // the conversation's head is leased
            ending.accept(busy, lease);
            gets(waiting, second, idle);
            return appendedTogether(first, causeType, second, "claimed");
        });
    }

    /**
     * A worker holding a conversation's only message and another waiting: {@code ending} ends the lease, and the
     * waiting worker gets the message back in the transaction that appended its {@code causeType} event.
     */
    private static void assertMessageHandedBack(String tag, String causeType, Consumer<Held> ending) {
        String holderWorker = "ho-w" + tag + "-holder";
        String idleWorker = "ho-w" + tag + "-idle";
        String holder = bearer(holderWorker);
        String idle = bearer(idleWorker);
        assertHandedOver("the transaction of " + causeType + " claimed for the waiting worker", round -> {
            String messageId = "m-ho-" + tag + round;
            enqueue(messageId, "conv-ho-" + tag + round, 0);
            awaitStored(round);
            String lease = claim(holder, holderWorker, 0).then().statusCode(200).extract().path("leaseId");
            CompletableFuture<Response> waiting = waitFor(idle, idleWorker);
            ending.accept(new Held(holder, lease, messageId));
            gets(waiting, messageId, idle);
            return appendedTogether(messageId, causeType, messageId, "claimed");
        });
    }

    private record Held(String bearer, String leaseId, String messageId) {
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
