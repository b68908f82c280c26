package dev.agentfactory.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentfactory.platform.event.Json;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * skills-service's {@code PUT /internal/secrets/{ref}} in a tiny JDK HTTP server: checks the service key,
 * stores the value, and can be told to answer 503 for the next calls.
 */
@QuarkusTestResource(FakeSkills.class)
public class FakeSkills implements QuarkusTestResourceLifecycleManager {

    public static final Map<String, String> SECRETS = new ConcurrentHashMap<>();
    public static final AtomicInteger FAIL_NEXT = new AtomicInteger();
    public static final AtomicInteger CALLS = new AtomicInteger();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/internal/secrets/", FakeSkills::handle);
        server.start();
        return Map.of("quarkus.rest-client.skills.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void handle(HttpExchange exchange) throws IOException {
        CALLS.incrementAndGet();
        String ref = exchange.getRequestURI().getPath().substring("/internal/secrets/".length());
        byte[] body = exchange.getRequestBody().readAllBytes();
        int status;
        if (!"Bearer test-service-key".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            status = 401;
        } else if (!"PUT".equals(exchange.getRequestMethod())) {
            status = 405;
        } else if (FAIL_NEXT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 503;
        } else {
            SECRETS.put(ref, Json.read(new String(body, StandardCharsets.UTF_8), JsonNode.class).path("value").asText());
            status = 204;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
