package dev.agentfactory.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.testing.Contracts;
import dev.agentfactory.platform.testing.LocalInfra;
import dev.agentfactory.platform.testing.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The foundation's promise, across real processes: an application's message goes through ingress, Kafka and
 * the queue to a worker, and the lifecycle topic tells its story in contract-valid events.
 */
class FirstMessageIT {

    private static SystemStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = new SystemStack(Map.of()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aMessageIsEnqueuedClaimedAndCompleted() {
        String app = stack.credentials.app();
        String admin = stack.credentials.admin();
        Api.Reply accepted = Api.post(stack.url("ingress") + "/v1/messages", app,
                Map.of("agentKey", "default", "conversationId", "first-" + stack.runId, "text", "hello"),
                Map.of("Idempotency-Key", "first-" + stack.runId));
        assertEquals(202, accepted.status(), accepted.raw().body());
        String messageId = accepted.body().path("messageId").asText();

        String token = Api.post(stack.url("queue") + "/v1/worker-tokens", admin, Map.of("workerId", "ops-worker-1"))
                .body().path("token").asText();
        Api.Reply claim = Api.post(stack.url("queue") + "/v1/claims", token,
                Map.of("workerId", "ops-worker-1", "waitMs", 20_000));
        assertEquals(200, claim.status(), claim.raw().body());
        assertEquals(messageId, claim.body().path("messageId").asText());
        assertEquals("hello", claim.body().path("payload").path("text").asText());

        String leaseId = claim.body().path("leaseId").asText();
        Api.Reply completed = Api.post(stack.url("queue") + "/v1/leases/" + leaseId + "/complete", token, Map.of());
        assertEquals(200, completed.status(), completed.raw().body());

        try (TopicProbe lifecycle = new TopicProbe(LocalInfra.KAFKA, stack.topicPrefix, "af.queue.lifecycle.v1")) {
            JsonNode done = lifecycle.await(TopicProbe.ofType("queue.message.completed", "messageId", messageId),
                    Duration.ofSeconds(30));
            List<JsonNode> events = lifecycle.drain(Duration.ofMillis(500)).stream()
                    .map(record -> parse(record.value()))
                    .filter(event -> messageId.equals(event.path("data").path("messageId").asText()))
                    .toList();
            events.forEach(event -> Contracts.assertValid(event.toString()));
            List<String> story = events.stream().map(event -> event.path("type").asText()).toList();
            assertEquals(List.of("queue.message.enqueued", "queue.message.claimed", "queue.message.completed"), story);
            assertEquals("ops-worker-1", done.path("data").path("workerId").asText());
        }
    }

    private static JsonNode parse(String json) {
        try {
            return Api.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
