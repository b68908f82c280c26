package dev.agentfactory.worker.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.worker.Http;
import dev.agentfactory.worker.hydration.HydrationBundle;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** The queue's worker API: claims, heartbeats, complete (optionally claiming the next job), fail, hydration. */
public final class QueueClient {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration LONG_POLL_MARGIN = Duration.ofSeconds(15);
    private static final Object EMPTY = Map.of();

    private final Http http;
    private final URI base;
    private final String workerId;
    private final String token;

    public QueueClient(Http http, URI base, String workerId, String token) {
        this.http = http;
        this.base = base;
        this.workerId = workerId;
        this.token = token;
    }

    /** {@code POST /v1/claims}: a job, a stop or park order, or nothing within {@code waitMs}. */
    public ClaimAnswer claim(long waitMs) throws IOException, InterruptedException {
        Http.Response r = http.send(Http.json("POST", uri("/v1/claims"), new ClaimRequest(workerId, waitMs), token,
                CALL_TIMEOUT.plusMillis(waitMs).plus(LONG_POLL_MARGIN)).build()).expect("claim", 200, 204);
        return ClaimAnswer.parse(r.status(), r.body());
    }

    /** {@code POST /v1/leases/{leaseId}/heartbeat}; throws {@link LeaseLostException} on 409/403/404. */
    public HeartbeatAnswer heartbeat(String leaseId) throws IOException, InterruptedException {
        Http.Response r = leaseCall(leaseId, "heartbeat", EMPTY, CALL_TIMEOUT);
        return r.json(HeartbeatAnswer.class);
    }

    /**
     * {@code POST /v1/leases/{leaseId}/complete}. With {@code claimNext} the answer may carry the next job (or a stop
     * or park order); without it, the answer is {@link ClaimAnswer#NOTHING} unless the queue says to stop.
     */
    public ClaimAnswer complete(String leaseId, JsonNode result, JsonNode hydrationDelta, boolean claimNext, long waitMs)
            throws IOException, InterruptedException {
        CompleteRequest body = new CompleteRequest(result, hydrationDelta, claimNext ? Boolean.TRUE : null,
                claimNext ? waitMs : null);
        Duration timeout = claimNext ? CALL_TIMEOUT.plusMillis(waitMs).plus(LONG_POLL_MARGIN) : CALL_TIMEOUT;
        Http.Response r = leaseCall(leaseId, "complete", body, timeout);
        return ClaimAnswer.parse(r.status(), r.body());
    }

    /** {@code POST /v1/leases/{leaseId}/fail}. */
    public FailAnswer fail(String leaseId, String error, boolean retryable) throws IOException, InterruptedException {
        String bounded = error == null ? "unknown error" : error.length() > 4000 ? error.substring(0, 4000) : error;
        return leaseCall(leaseId, "fail", new FailRequest(bounded, retryable), CALL_TIMEOUT).json(FailAnswer.class);
    }

    /** {@code GET /v1/leases/{leaseId}/hydration}. */
    public HydrationBundle hydration(String leaseId) throws IOException, InterruptedException {
        Http.Response r = http.send(Http.json("GET", leaseUri(leaseId, "hydration"), null, token, Duration.ofSeconds(30))
                .build());
        if (r.status() == 409 || r.status() == 403 || r.status() == 404) {
            throw new LeaseLostException(leaseId, "hydration answered " + r.status());
        }
        return r.expect("hydration", 200).json(HydrationBundle.class);
    }

    private Http.Response leaseCall(String leaseId, String action, Object body, Duration timeout)
            throws IOException, InterruptedException {
        Http.Response r = http.send(Http.json("POST", leaseUri(leaseId, action), body, token, timeout).build());
        if (r.status() == 409 || r.status() == 403 || r.status() == 404) {
            throw new LeaseLostException(leaseId, action + " answered " + r.status());
        }
        return r.expect(action, 200, 204);
    }

    private URI leaseUri(String leaseId, String action) {
        return uri("/v1/leases/" + URLEncoder.encode(leaseId, StandardCharsets.UTF_8) + "/" + action);
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }
}
