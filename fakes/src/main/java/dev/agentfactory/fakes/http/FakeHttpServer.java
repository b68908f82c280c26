package dev.agentfactory.fakes.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDK {@link HttpServer} on a loopback port with a cached daemon thread pool
 * (long-polling endpoints such as Fly's wait must not starve other requests).
 */
public final class FakeHttpServer implements AutoCloseable {

    static {
        // Without TCP_NODELAY every small response waits ~40 ms for a delayed ACK (Nagle); the JDK
        // server reads this once, when its config class loads, so set it before the first server.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String host;

    private FakeHttpServer(HttpServer server, ExecutorService executor, String host) {
        this.server = server;
        this.executor = executor;
        this.host = host;
    }

    /** Binds {@code host:port} (port 0 = ephemeral) and starts serving every path with {@code handler}. */
    public static FakeHttpServer start(String host, int port, String name, RequestHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
            ExecutorService executor = Executors.newCachedThreadPool(daemonThreads(name));
            server.setExecutor(executor);
            server.createContext("/", exchange -> serve(exchange, handler));
            server.start();
            return new FakeHttpServer(server, executor, host);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind " + host + ":" + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://host:port} without a trailing slash. */
    public String origin() {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void serve(HttpExchange exchange, RequestHandler handler) throws IOException {
        try (exchange) {
            HttpResponse response;
            try {
                response = handler.handle(toRequest(exchange));
            } catch (Exception e) {
                ObjectNode error = Json.object().put("error", "fake failed: " + e);
                response = HttpResponse.json(500, error);
            }
            write(exchange, response);
        }
    }

    private static HttpRequest toRequest(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String rawQuery = exchange.getRequestURI().getRawQuery();
        return new HttpRequest(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                exchange.getRequestURI().getPath(),
                rawQuery == null ? "" : rawQuery,
                HttpRequest.parseForm(rawQuery),
                headers, body);
    }

    private static void write(HttpExchange exchange, HttpResponse response) throws IOException {
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        if (response.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
        }
        boolean noBody = response.body().length == 0 || response.status() == 204
                || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
