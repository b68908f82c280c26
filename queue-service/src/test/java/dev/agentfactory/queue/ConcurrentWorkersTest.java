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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.agentfactory.queue.QueueTestSupport.count;
import static dev.agentfactory.queue.QueueTestSupport.enqueue;
import static dev.agentfactory.queue.QueueTestSupport.token;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many workers at once: never two leases on one conversation, FIFO within each, every message exactly once. */
@QuarkusTest
class ConcurrentWorkersTest extends EmptyQueueTest {

    private static final int CONVERSATIONS = 40;
    private static final int PER_CONVERSATION = 10;
    private static final int WORKERS = 16;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> active = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> order = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger completed = new AtomicInteger();

    @Test
    void manyWorkersNeverShareAConversationAndKeepItsOrder() throws Exception {
        for (int m = 0; m < PER_CONVERSATION; m++) {
            for (int c = 0; c < CONVERSATIONS; c++) {
                enqueue("c" + c + "-m" + m, "conv-" + c, ThreadLocalRandom.current().nextInt(10));
            }
        }
        int total = CONVERSATIONS * PER_CONVERSATION;
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM queue.messages") == total);

        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        List<Future<?>> runs = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            String workerId = "cw-" + w;
            String bearer = "Bearer " + token(workerId);
            boolean chained = w % 2 == 0;
            runs.add(pool.submit(() -> work(workerId, bearer, chained, total)));
        }
        for (Future<?> run : runs) {
            run.get(180, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertTrue(violations.isEmpty(), "violations: " + violations);
        assertEquals(total, completed.get());
        assertEquals(total, count("SELECT count(*) FROM queue.messages WHERE status = 'done' AND attempt = 1"));
        deliveries.forEach((message, times) -> assertEquals(1, times.get(), message + " delivered more than once"));
        order.forEach((conversation, indexes) -> {
            for (int i = 0; i < indexes.size(); i++) {
                assertEquals(i, indexes.get(i), conversation + " out of order: " + indexes);
            }
        });
        assertEquals(0, count("SELECT count(*) FROM queue.conversations WHERE lease_id IS NOT NULL OR head_seq IS NOT NULL"));
    }

    private void work(String workerId, String bearer, boolean chained, int total) {
        JsonNode job = null;
        while (completed.get() < total) {
            if (job == null) {
                job = post(bearer, "/v1/claims", "{\"workerId\":\"" + workerId + "\",\"waitMs\":200}");
                if (job == null || !job.has("leaseId")) {
                    job = null;
                    continue;
                }
            }
            String conversation = job.path("conversationId").asText();
            String messageId = job.path("messageId").asText();
            String holder = active.putIfAbsent(conversation, workerId);
            if (holder != null) {
                violations.add(conversation + " leased to " + holder + " and " + workerId);
            }
            deliveries.computeIfAbsent(messageId, k -> new AtomicInteger()).incrementAndGet();
            order.computeIfAbsent(conversation, k -> new CopyOnWriteArrayList<>())
                    .add(Integer.parseInt(messageId.substring(messageId.indexOf("-m") + 2)));
            active.remove(conversation, workerId);
            JsonNode done = post(bearer, "/v1/leases/" + job.path("leaseId").asText() + "/complete",
                    chained ? "{\"claimNext\":true}" : "{}");
            if (done == null || !"completed".equals(done.path("status").asText())) {
                violations.add("complete of " + messageId + " answered " + done);
                return;
            }
            completed.incrementAndGet();
            job = chained && done.hasNonNull("next") ? done.get("next") : null;
        }
    }

    private JsonNode post(String bearer, String path, String body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                    .header("Authorization", bearer).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 204) {
                return null;
            }
            JsonNode json = Json.read(response.body(), JsonNode.class);
            if (response.statusCode() != 200) {
                violations.add(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return json;
        } catch (Exception e) {
            violations.add(path + " failed: " + e);
            return null;
        }
    }
}
