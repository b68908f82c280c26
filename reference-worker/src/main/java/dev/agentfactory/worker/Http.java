package dev.agentfactory.worker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The JDK HTTP client (HTTP/1.1) with JSON helpers shared by every peer client of the worker. Plain {@code http://}
 * peers (the local stack) use a client that never loads the default trust store, which costs about a second of
 * start-up on a busy machine; the TLS client is built in the background at start and used for {@code https://}.
 */
public final class Http {

    private final HttpClient plain;
    private final CompletableFuture<HttpClient> tls;

    public Http() {
        this.plain = builder().sslContext(noTrustContext()).build();
        this.tls = CompletableFuture.supplyAsync(() -> builder().build(), Http::runOnDaemon);
    }

    private static HttpClient.Builder builder() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5));
    }

    /** A context for a client that only ever speaks plain HTTP: no key or trust material is loaded. */
    private static SSLContext noTrustContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[0], new TrustManager[0], null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void runOnDaemon(Runnable task) {
        Thread t = new Thread(task, "tls-client-init");
        t.setDaemon(true);
        t.start();
    }

    /** The client for {@code uri}: the TLS one for https, the plain one otherwise. */
    public HttpClient client(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme()) ? tls.join() : plain;
    }

    public Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = client(request.uri()).send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.headers(), r.body() == null ? new byte[0] : r.body());
    }

    /** A request with a JSON body (or none when {@code body} is null) and an optional bearer token. */
    public static HttpRequest.Builder json(String method, URI uri, Object body, String bearer, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (bearer != null && !bearer.isEmpty()) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (body == null) {
            return b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(Json.write(body)));
    }

    /** A received response, body fully read. */
    public record Response(int status, HttpHeaders headers, byte[] body) {

        public <T> T json(Class<T> type) {
            return Json.read(body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body, type);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** The start of the body, for error messages. */
        public String excerpt() {
            String text = new String(body, StandardCharsets.UTF_8);
            return text.length() > 300 ? text.substring(0, 300) + "…" : text;
        }

        /** Throws when the status is not one of {@code expected}. */
        public Response expect(String what, int... expected) {
            for (int s : expected) {
                if (status == s) {
                    return this;
                }
            }
            throw new UnexpectedStatusException(what, status, excerpt());
        }
    }

    /** A peer answered with a status the caller did not expect; 408, 429 and 5xx are worth a retry. */
    public static final class UnexpectedStatusException extends RuntimeException {
        private final int status;

        public UnexpectedStatusException(String what, int status, String body) {
            super(what + " answered " + status + (body.isEmpty() ? "" : ": " + body));
            this.status = status;
        }

        public int status() {
            return status;
        }

        public boolean retryable() {
            return status == 408 || status == 429 || status >= 500;
        }
    }
}
