package dev.agentfactory.queue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny skills-service speaking the two internal endpoints hydration uses, with the service key check.
 * {@link #down} makes it answer 503, like a skills-service that is failing.
 */
public class FakeSkills implements QuarkusTestResourceLifecycleManager {

    public static volatile boolean down;
    public static final AtomicInteger REQUESTS = new AtomicInteger();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/internal/", this::handle);
        server.start();
        return Map.of("quarkus.rest-client.skills.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        REQUESTS.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        if (down) {
            respond(exchange, 503, "{\"title\":\"down\"}");
        } else if (!"Bearer test-service-key".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "{\"title\":\"Unauthorized\"}");
        } else if (path.equals("/internal/skills/manifest-version")) {
            respond(exchange, 200, "{\"channel\":\"stable\",\"version\":\"manifest-v42\"}");
        } else if (path.equals("/internal/agents/support-en/runtime-profile")) {
            respond(exchange, 200, "{\"agentKey\":\"support-en\",\"version\":\"1.0.0\",\"enabled\":true,"
                    + "\"botIdentity\":\"acme_bot\",\"secrets\":{\"telegram.botToken.support-en\":\"123:abc\"},"
                    + "\"bridge\":{\"enabled\":true,\"baseUrl\":\"https://bridge.example\",\"serviceId\":\"svc\","
                    + "\"appKey\":\"crm\",\"serviceKey\":\"sk\",\"serviceKeySecretRef\":null,\"baseUrlMapJson\":null},"
                    + "\"telegram\":{\"botToken\":\"123:abc\"}}");
        } else {
            respond(exchange, 404, "{\"title\":\"Not found\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
