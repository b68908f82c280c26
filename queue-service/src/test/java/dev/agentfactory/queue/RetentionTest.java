package dev.agentfactory.queue;

import dev.agentfactory.platform.testing.TestCredentials;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.agentfactory.queue.QueueTestSupport.awaitStored;
import static dev.agentfactory.queue.QueueTestSupport.bearer;
import static dev.agentfactory.queue.QueueTestSupport.claim;
import static dev.agentfactory.queue.QueueTestSupport.complete;
import static dev.agentfactory.queue.QueueTestSupport.count;
import static dev.agentfactory.queue.QueueTestSupport.enqueue;
import static dev.agentfactory.queue.QueueTestSupport.fail;
import static dev.agentfactory.queue.QueueTestSupport.sql;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Completed messages are deleted after their retention (7 days; the test profile looks every second, two rows a step). */
@QuarkusTest
class RetentionTest extends EmptyQueueTest {

    @Test
    void onlyCompletedMessagesPastTheirRetentionAreDeleted() {
        String w = bearer("w-ret");
        enqueue("m-old", "conv-ret-1", 0);
        awaitStored(1);
        String lease = claim(w, "w-ret", 0).then().statusCode(200).body("messageId", equalTo("m-old"))
                .extract().path("leaseId");
        complete(w, lease, Map.of()).then().statusCode(200);
        enqueue("m-dead", "conv-ret-2", 0);
        awaitStored(2);
        lease = claim(w, "w-ret", 0).then().statusCode(200).body("messageId", equalTo("m-dead")).extract().path("leaseId");
        fail(w, lease, "bad input", false).then().statusCode(200).body("outcome", equalTo("dead_lettered"));
        enqueue("m-recent", "conv-ret-3", 0);
        awaitStored(3);
        lease = claim(w, "w-ret", 0).then().statusCode(200).body("messageId", equalTo("m-recent"))
                .extract().path("leaseId");
        complete(w, lease, Map.of()).then().statusCode(200);
        enqueue("m-old2", "conv-ret-4", 0);
        awaitStored(4);
        lease = claim(w, "w-ret", 0).then().statusCode(200).body("messageId", equalTo("m-old2")).extract().path("leaseId");
        complete(w, lease, Map.of()).then().statusCode(200);
        enqueue("m-waiting", "conv-ret-5", 0);
        awaitStored(5);

        // eight days pass for all but m-recent: the dead letter and the queued message are not completed ones. The
        // test profile walks two rows a statement: m-old2 is found only by a walk that goes on past m-recent
        // (m-old, m-dead | m-recent, m-old2 | m-waiting)
        sql("UPDATE queue.messages SET enqueued_at = enqueued_at - interval '8 days',"
                + " finished_at = finished_at - interval '8 days' WHERE message_id <> 'm-recent'");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given()
                .header("Authorization", TestCredentials.ADMIN).get("/v1/messages/m-old").then().statusCode(404));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given()
                .header("Authorization", TestCredentials.ADMIN).get("/v1/messages/m-old2").then().statusCode(404));
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/messages/m-recent").then().statusCode(200)
                .body("status", equalTo("done"));
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/messages/m-dead").then().statusCode(200)
                .body("status", equalTo("dead"));
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/messages/m-waiting").then().statusCode(200)
                .body("status", equalTo("queued"));
        assertTrue(count("SELECT count(*) FROM queue.event_log WHERE envelope -> 'data' ->> 'messageId' = 'm-old'") >= 3,
                "its lifecycle events stay in the event log");
        claim(w, "w-ret", 0).then().statusCode(200).body("messageId", equalTo("m-waiting"));
    }
}
