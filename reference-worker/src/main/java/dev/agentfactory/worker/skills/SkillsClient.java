package dev.agentfactory.worker.skills;

import dev.agentfactory.worker.Http;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** {@code GET /v1/skills/manifest?channel=} with {@code If-None-Match}, authenticated with the worker token. */
public final class SkillsClient {

    private final Http http;
    private final URI base;
    private final String token;

    public SkillsClient(Http http, URI base, String token) {
        this.http = http;
        this.base = base;
        this.token = token;
    }

    /** The manifest and its ETag, or null when it is unchanged since {@code etag} (304). */
    public Fetched fetch(String channel, String etag) throws IOException, InterruptedException {
        URI uri = URI.create(base + "/v1/skills/manifest?channel=" + URLEncoder.encode(channel, StandardCharsets.UTF_8));
        HttpRequest.Builder b = Http.json("GET", uri, null, token, Duration.ofSeconds(30));
        if (etag != null) {
            b.header("If-None-Match", etag);
        }
        Http.Response r = http.send(b.build()).expect("skills manifest", 200, 304);
        if (r.status() == 304) {
            return null;
        }
        return new Fetched(r.json(SkillsManifest.class), r.header("ETag"));
    }

    public record Fetched(SkillsManifest manifest, String etag) {
    }
}
