package dev.agentfactory.worker.snapshot;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.agentfactory.worker.Http;
import dev.agentfactory.worker.hydration.ConversationKey;
import dev.agentfactory.worker.hydration.SnapshotRef;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The queue's snapshot API: {@code POST /v1/snapshots} (begin) → {@code PUT /v1/snapshots/{id}/content} →
 * {@code POST /v1/snapshots/{id}/finalize}, or {@code POST /v1/snapshots/{id}/fail}; restore downloads
 * {@code GET /v1/snapshots/{id}/content} (or the URL the hydration bundle names).
 */
public final class SnapshotClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final Http http;
    private final URI base;
    private final String token;

    public SnapshotClient(Http http, URI base, String token) {
        this.http = http;
        this.base = base;
        this.token = token;
    }

    public Begun begin(ConversationKey key, long sizeBytes, String sha256) throws IOException, InterruptedException {
        BeginRequest body = new BeginRequest(key.workspaceId(), key.agentKey(), key.conversationId(), sizeBytes, sha256);
        return http.send(Http.json("POST", uri("/v1/snapshots"), body, token, TIMEOUT).build())
                .expect("snapshot begin", 200, 201).json(Begun.class);
    }

    public void upload(Begun begun, Path archive) throws IOException, InterruptedException {
        URI target = begun.uploadUrl() != null ? resolve(begun.uploadUrl()) : snapshotUri(begun.snapshotId(), "content");
        HttpRequest request = HttpRequest.newBuilder(target).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofFile(archive)).build();
        http.send(request).expect("snapshot upload", 200, 201, 204);
    }

    public void finalize(Begun begun) throws IOException, InterruptedException {
        http.send(Http.json("POST", snapshotUri(begun.snapshotId(), "finalize"), null, token, TIMEOUT).build())
                .expect("snapshot finalize", 200, 201, 204);
    }

    public void fail(String snapshotId, String error) throws IOException, InterruptedException {
        http.send(Http.json("POST", snapshotUri(snapshotId, "fail"), new FailRequest(error), token, TIMEOUT).build())
                .expect("snapshot fail", 200, 204);
    }

    public void download(SnapshotRef ref, Path file) throws IOException, InterruptedException {
        URI source = ref.downloadUrl() != null ? resolve(ref.downloadUrl()) : snapshotUri(ref.snapshotId(), "content");
        HttpRequest request = HttpRequest.newBuilder(source).timeout(TIMEOUT).header("Authorization", "Bearer " + token)
                .GET().build();
        HttpResponse<Path> r = http.client(source).send(request, HttpResponse.BodyHandlers.ofFile(file));
        if (r.statusCode() != 200) {
            throw new Http.UnexpectedStatusException("snapshot download", r.statusCode(), "");
        }
    }

    private URI resolve(String url) {
        return url.startsWith("/") ? URI.create(base + url) : URI.create(url);
    }

    private URI snapshotUri(String id, String action) {
        return uri("/v1/snapshots/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/" + action);
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    record BeginRequest(String workspaceId, String agentKey, String conversationId, long sizeBytes, String sha256) {
    }

    record FailRequest(String error) {
    }

    /** Begin's answer: the snapshot id and, when the queue prefers, where to PUT the content. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Begun(@JsonAlias("id") String snapshotId, String uploadUrl) {
    }
}
