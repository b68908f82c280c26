package dev.agentfactory.worker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentfactory.worker.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scripted fake of the queue's worker API (and the skills manifest endpoint) on the JDK HTTP server. Claims answer
 * from a script, or with {@link #idleClaim} when it is set, or hold for {@code waitMs} and answer 204; every request is
 * recorded.
 */
public final class FakeQueue implements AutoCloseable {

    /** A canned answer. */
    public record Reply(int status, byte[] body, Map<String, String> headers) {
        public static Reply json(int status, Object body) {
            return new Reply(status, Json.write(body), Map.of("Content-Type", "application/json"));
        }

        public static Reply empty(int status) {
            return new Reply(status, new byte[0], Map.of());
        }
    }

    /** A received request. */
    public record Recorded(String method, String path, String query, Map<String, List<String>> headers, byte[] body,
                           long atNanos) {
        public JsonNode json() {
            return Json.read(body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body, JsonNode.class);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    public final BlockingQueue<Reply> claims = new LinkedBlockingQueue<>();
    public final BlockingQueue<Reply> completes = new LinkedBlockingQueue<>();
    /** The answer to a claim when nothing is scripted, at once (as the queue answers a parked worker); null: hold. */
    public volatile Reply idleClaim;
    public final Map<String, JsonNode> hydrations = new ConcurrentHashMap<>();
    public final Map<String, byte[]> snapshotContent = new ConcurrentHashMap<>();
    public final List<Recorded> requests = new CopyOnWriteArrayList<>();
    public volatile Function<String, Reply> heartbeat = leaseId -> Reply.json(200,
            Map.of("leaseExpiresAt", java.time.Instant.now().plusSeconds(60).toString(), "shouldStop", false));
    public volatile JsonNode manifest = Json.MAPPER.createObjectNode().put("layoutVersion", "openclaw-workspace-skill-v1")
            .set("skills", Json.MAPPER.createArrayNode());
    public volatile String manifestEtag = "\"m1\"";
    private final AtomicInteger snapshotIds = new AtomicInteger();
    private final Map<String, JsonNode> declared = new ConcurrentHashMap<>();

    public FakeQueue() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Recorded> requests(String method, String pathSuffix) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().endsWith(pathSuffix)).toList();
    }

    public List<Recorded> requestsUnder(String method, String pathPrefix) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String path = ex.getRequestURI().getPath();
        Recorded rec = new Recorded(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(),
                Map.copyOf(ex.getRequestHeaders()), body, System.nanoTime());
        requests.add(rec);
        Reply reply;
        try {
            reply = route(rec);
        } catch (InterruptedException e) {
            reply = Reply.empty(503);
        }
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        if (reply.body().length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(reply.body());
            }
        }
        ex.close();
    }

    private Reply route(Recorded r) throws InterruptedException {
        String p = r.path();
        if (p.equals("/v1/claims")) {
            Reply idle = idleClaim;
            Reply scripted = idle != null ? claims.poll()
                    : claims.poll(r.json().path("waitMs").asLong(0), TimeUnit.MILLISECONDS);
            return scripted != null ? scripted : idle != null ? idle : Reply.empty(204);
        }
        if (p.startsWith("/v1/leases/")) {
            String[] parts = p.split("/");
            String leaseId = parts[3];
            return switch (parts[4]) {
                case "heartbeat" -> heartbeat.apply(leaseId);
                case "hydration" -> hydrations.containsKey(leaseId) ? Reply.json(200, hydrations.get(leaseId))
                        : Reply.empty(409);
                case "complete" -> {
                    Reply scripted = completes.poll();
                    yield scripted == null ? Reply.json(200, TestData.completed(false, null)) : scripted;
                }
                case "fail" -> Reply.json(200, Map.of("messageId", "m", "outcome", "retry_scheduled", "attempt", 1,
                        "nextAttemptAt", java.time.Instant.now().plusSeconds(1).toString()));
                default -> Reply.empty(404);
            };
        }
        if (p.equals("/v1/skills/manifest")) {
            String inm = r.header("If-None-Match");
            if (manifestEtag.equals(inm)) {
                return Reply.empty(304);
            }
            return new Reply(200, Json.write(manifest), Map.of("Content-Type", "application/json", "ETag", manifestEtag));
        }
        return snapshots(r);
    }

    private Reply snapshots(Recorded r) {
        String p = r.path();
        if (p.equals("/v1/snapshots") && r.method().equals("POST")) {
            String id = "snap-" + snapshotIds.incrementAndGet();
            declared.put(id, r.json());
            ObjectNode answer = Json.MAPPER.createObjectNode().put("snapshotId", id)
                    .put("uploadUrl", "/v1/snapshots/" + id + "/content").put("status", "uploading");
            return Reply.json(201, answer);
        }
        String[] parts = p.split("/");
        if (parts.length == 5 && parts[2].equals("snapshots")) {
            String id = parts[3];
            switch (r.method() + " " + parts[4]) {
                case "PUT content":
                    JsonNode begin = declared.get(id);
                    if (begin == null || begin.path("sizeBytes").asLong() != r.body().length
                            || !begin.path("sha256").asText().equals(dev.agentfactory.worker.Digests.sha256(r.body()))) {
                        return Reply.json(422, Map.of("title", "content does not match the declared size and sha256"));
                    }
                    snapshotContent.put(id, r.body());
                    return Reply.json(200, Map.of("snapshotId", id, "status", "uploaded"));
                case "GET content":
                    byte[] content = snapshotContent.get(id);
                    return content == null ? Reply.empty(404) : new Reply(200, content, Map.of());
                case "POST finalize":
                    return Reply.json(200, Map.of("snapshotId", id, "status", "ready"));
                case "POST fail":
                    return Reply.empty(204);
                default:
                    return Reply.empty(404);
            }
        }
        return Reply.empty(404);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
