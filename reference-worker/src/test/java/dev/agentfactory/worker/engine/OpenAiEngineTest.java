package dev.agentfactory.worker.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.agentfactory.worker.Http;
import dev.agentfactory.worker.Json;
import dev.agentfactory.worker.hydration.Turn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against a tiny local chat-completions server that answers like the OpenAI API. */
class OpenAiEngineTest {

    private HttpServer server;
    private final AtomicReference<JsonNode> lastBody = new AtomicReference<>();
    private final AtomicReference<String> lastAuth = new AtomicReference<>();
    private final AtomicReference<String> lastPath = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            lastPath.set(ex.getRequestURI().getPath());
            lastAuth.set(ex.getRequestHeaders().getFirst("Authorization"));
            JsonNode body = Json.read(ex.getRequestBody().readAllBytes(), JsonNode.class);
            lastBody.set(body);
            String answer = status.get() == 200
                    ? "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"" + body.path("model").asText()
                    + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi! You said "
                    + body.path("messages").size() + " things.\"},\"finish_reason\":\"stop\"}]}"
                    : "{\"error\":{\"message\":\"nope\",\"type\":\"x\"}}";
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status.get(), bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private OpenAiEngine engine() {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
        return new OpenAiEngine(new Http(), base, "sk-test", "tiny-model", Duration.ofSeconds(5));
    }

    @Test
    void sendsRecentTurnsAndReturnsTheFirstChoice() throws Exception {
        List<Turn> recent = List.of(new Turn(Turn.USER, "hello", "m1", Instant.EPOCH),
                new Turn(Turn.ASSISTANT, "hi", "m1", Instant.EPOCH));

        String reply = engine().reply("how are you?", recent);

        assertEquals("Hi! You said 4 things.", reply);
        assertEquals("/v1/chat/completions", lastPath.get());
        assertEquals("Bearer sk-test", lastAuth.get());
        JsonNode body = lastBody.get();
        assertEquals("tiny-model", body.path("model").asText());
        JsonNode messages = body.path("messages");
        assertEquals("system", messages.path(0).path("role").asText());
        assertEquals("user", messages.path(1).path("role").asText());
        assertEquals("hello", messages.path(1).path("content").asText());
        assertEquals("assistant", messages.path(2).path("role").asText());
        assertEquals("hi", messages.path(2).path("content").asText());
        assertEquals("user", messages.path(3).path("role").asText());
        assertEquals("how are you?", messages.path(3).path("content").asText());
    }

    @Test
    void rateLimitAndServerErrorsAreRetryable() {
        status.set(429);
        assertTrue(assertThrows(EngineException.class, () -> engine().reply("x", List.of())).retryable());
        status.set(503);
        assertTrue(assertThrows(EngineException.class, () -> engine().reply("x", List.of())).retryable());
    }

    @Test
    void clientErrorsAreNotRetryable() {
        status.set(400);
        EngineException e = assertThrows(EngineException.class, () -> engine().reply("x", List.of()));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("400"));
    }

    @Test
    void anUnreachableServerIsRetryable() throws IOException {
        int freePort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        }
        OpenAiEngine unreachable = new OpenAiEngine(new Http(), URI.create("http://127.0.0.1:" + freePort + "/v1"), "",
                "m", Duration.ofSeconds(2));
        assertTrue(assertThrows(EngineException.class, () -> unreachable.reply("x", List.of())).retryable());
    }
}
