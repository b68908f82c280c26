package dev.agentfactory.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.event.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.agentfactory.queue.QueueTestSupport.awaitStored;
import static dev.agentfactory.queue.QueueTestSupport.bearer;
import static dev.agentfactory.queue.QueueTestSupport.claim;
import static dev.agentfactory.queue.QueueTestSupport.count;
import static dev.agentfactory.queue.QueueTestSupport.enqueue;
import static dev.agentfactory.queue.QueueTestSupport.scalar;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Completions arriving together share a transaction; each still gets its own answer. A burst of simultaneous
 * completions mixes good ones with a database-rejected delta, a foreign lease and an unknown lease: the good
 * ones complete and claim their next message, the others are refused alone and change nothing.
 */
@QuarkusTest
class BatchedCyclesTest extends EmptyQueueTest {

    private static final int WORKERS = 24;
    private static final int GOOD = 21;
    private static final Pattern BATCH_MAX = Pattern.compile("(?m)^af_queue_cycle_batch_size_max\\S* (\\S+)$");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void simultaneousCompletionsShareATransactionAndFailAlone() throws Exception {
        for (int c = 0; c < WORKERS; c++) {
            enqueue("b" + c + "-m0", "batch-conv-" + c, 5);
            enqueue("b" + c + "-m1", "batch-conv-" + c, 5);
        }
        awaitStored(2L * WORKERS);
        List<String> bearers = new ArrayList<>();
        List<String> leases = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            bearers.add(bearer("bw-" + w));
        }
        // claimed only once every token exists: the test profile's leases last 5 s
        for (int w = 0; w < WORKERS; w++) {
            leases.add(claim(bearers.get(w), "bw-" + w, 0).then().statusCode(200).extract().path("leaseId"));
        }

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            String bearer = bearers.get(w);
            String lease = switch (w) {
                case GOOD + 1 -> leases.get(GOOD + 2); // another worker's live lease
                case GOOD + 2 -> UUID.randomUUID().toString(); // no such lease
                default -> leases.get(w);
            };
            // PostgreSQL refuses a NUL character in JSON: the failure of the whole shared statement
            String body = w == GOOD ? "{\"hydrationDelta\":{\"note\":\"a\\u0000b\"},\"claimNext\":true}"
                    : "{\"hydrationDelta\":{\"turn\":1},\"claimNext\":true}";
            answers.add(pool.submit(() -> {
                start.await();
                return post(bearer, "/v1/leases/" + lease + "/complete", body);
            }));
        }
        start.countDown();
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : answers) {
            responses.add(answer.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();

        Set<String> nextConversations = new HashSet<>();
        for (int w = 0; w < GOOD; w++) {
            HttpResponse<String> response = responses.get(w);
            assertEquals(200, response.statusCode(), response.body());
            JsonNode next = Json.read(response.body(), JsonNode.class).get("next");
            assertNotNull(next, "worker " + w + " got no next message: " + response.body());
            assertTrue(nextConversations.add(next.path("conversationId").asText()), "conversation leased twice");
        }
        assertEquals(400, responses.get(GOOD).statusCode(), responses.get(GOOD).body());
        assertEquals(403, responses.get(GOOD + 1).statusCode(), responses.get(GOOD + 1).body());
        assertEquals(409, responses.get(GOOD + 2).statusCode(), responses.get(GOOD + 2).body());

        // the refused ones changed nothing: their leases are held, their messages still leased
        for (int w = GOOD; w < WORKERS; w++) {
            given().header("Authorization", bearers.get(w)).post("/v1/leases/" + leases.get(w) + "/heartbeat")
                    .then().statusCode(200);
        }
        assertEquals(WORKERS - GOOD, count("SELECT count(*) FROM queue.messages WHERE status = 'leased'"
                + " AND message_id LIKE '%-m0'"));
        assertEquals(GOOD, count("SELECT count(*) FROM queue.messages WHERE status = 'done'"));
        assertEquals(GOOD, count("SELECT count(*) FROM queue.conversations WHERE hydration = '{\"turn\": 1}'"));
        assertEquals(GOOD, count("SELECT count(DISTINCT envelope -> 'data' ->> 'messageId') FROM queue.event_log"
                + " WHERE event_type = 'queue.message.completed' AND envelope -> 'data' ->> 'messageId' LIKE 'b%-m0'"));

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher largest = BATCH_MAX.matcher(metrics);
        assertTrue(largest.find(), "batch size metric missing");
        assertTrue(Double.parseDouble(largest.group(1)) > 1, "no two requests ever shared a transaction");
        assertEquals("0", scalar("SELECT count(*) FROM (SELECT conversation_id FROM queue.messages"
                + " WHERE status = 'leased' GROUP BY conversation_id HAVING count(*) > 1) twice"));
    }

    private HttpResponse<String> post(String bearer, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                .header("Authorization", bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
