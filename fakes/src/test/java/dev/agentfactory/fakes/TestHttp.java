package dev.agentfactory.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny java.net.http client for the fakes' tests. */
public final class TestHttp {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private String authorization;

    public TestHttp(String base) {
        this.base = base;
    }

    /** Sends {@code Authorization: <value>} from now on (null = none). */
    public TestHttp auth(String value) {
        this.authorization = value;
        return this;
    }

    /** A response with its body parsed as JSON when it is JSON. */
    public record Reply(int status, HttpResponse<String> raw, JsonNode json) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Reply get(String path, String... headers) {
        return send(builder(path, headers).GET());
    }

    public Reply delete(String path, String... headers) {
        return send(builder(path, headers).DELETE());
    }

    public Reply post(String path, Object json, String... headers) {
        HttpRequest.Builder b = builder(path, headers).header("Content-Type", "application/json");
        return send(b.POST(HttpRequest.BodyPublishers.ofString(write(json))));
    }

    public Reply put(String path, Object json, String... headers) {
        HttpRequest.Builder b = builder(path, headers).header("Content-Type", "application/json");
        return send(b.PUT(HttpRequest.BodyPublishers.ofString(write(json))));
    }

    public Reply postForm(String path, String form) {
        HttpRequest.Builder b = builder(path).header("Content-Type", "application/x-www-form-urlencoded");
        return send(b.POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private HttpRequest.Builder builder(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(90));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = MissingNode.getInstance();
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("application/json") && !response.body().isEmpty()) {
                json = MAPPER.readTree(response.body());
            }
            return new Reply(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object json) {
        try {
            return json instanceof String s ? s : MAPPER.writeValueAsString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
