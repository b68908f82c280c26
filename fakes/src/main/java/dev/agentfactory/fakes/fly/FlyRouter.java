package dev.agentfactory.fakes.fly;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.fakes.http.HttpRequest;
import dev.agentfactory.fakes.http.HttpResponse;
import dev.agentfactory.fakes.http.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code /v1} pipeline: injected latency, auth (401), injected 429/5xx, route (404), real rate
 * limit (429), handler; every request lands in the request log with its outcome.
 */
final class FlyRouter {

    private final FlyState state;
    private final FlyRoutes routes;
    private final Faults faults;
    private final RateLimiter limiter;
    private final Set<String> tokens;
    private final List<FlyRequestRecord> log = new ArrayList<>();

    FlyRouter(FlyState state, FlyRoutes routes, Faults faults, RateLimiter limiter, Set<String> tokens) {
        this.state = state;
        this.routes = routes;
        this.faults = faults;
        this.limiter = limiter;
        this.tokens = tokens;
    }

    HttpResponse handle(HttpRequest request) throws Exception {
        Instant at = state.now();
        long latency = faults.latencyMs.get();
        if (latency > 0) {
            Thread.sleep(latency);
        }
        FlyRoute route = routes.resolve(request.method(), FlyRoutes.segments(request.path()));
        Outcome outcome;
        try {
            outcome = dispatch(request, route);
        } catch (FlyException e) {
            outcome = new Outcome(e.toResponse(), null);
        }
        FlyRequestRecord entry = new FlyRequestRecord(at, request.method(), request.path(), request.rawQuery(),
                route == null ? null : route.action(), route == null ? null : route.scope(),
                outcome.response().status(), outcome.rejection());
        synchronized (log) {
            log.add(entry);
        }
        return outcome.response();
    }

    /** A response and, when the pipeline turned the call away before its handler, why. */
    private record Outcome(HttpResponse response, String rejection) {
    }

    private Outcome dispatch(HttpRequest request, FlyRoute route) throws Exception {
        if (!authorized(request.header("authorization"))) {
            return new Outcome(HttpResponse.json(401, Json.object().put("error", "unauthorized")), "unauthorized");
        }
        if (Faults.take(faults.rateLimitBurst)) {
            int retryAfter = faults.rateLimitRetryAfter.get();
            HttpResponse tooMany = tooManyRequests();
            return new Outcome(retryAfter >= 0 ? tooMany.withHeader("Retry-After", Integer.toString(retryAfter)) : tooMany,
                    "injected_429");
        }
        if (Faults.take(faults.serverErrors)) {
            int status = faults.serverErrorStatus.get();
            ObjectNode body = Json.object().put("error", status == 503 ? "service unavailable" : "internal server error");
            return new Outcome(HttpResponse.json(status, body.put("status", "unknown")), "injected_5xx");
        }
        if (route == null) {
            throw FlyException.notFound("not found: " + request.method() + " " + request.path());
        }
        if (!limiter.tryAcquire(route.action(), route.scope())) {
            return new Outcome(tooManyRequests(), "rate_limited");
        }
        return new Outcome(route.handler().handle(request), null);
    }

    private static HttpResponse tooManyRequests() {
        return HttpResponse.json(429, Json.object().put("error", "rate limit exceeded"));
    }

    private boolean authorized(String header) {
        if (header == null) {
            return false;
        }
        String value = header.trim();
        for (String scheme : new String[] {"Bearer ", "FlyV1 "}) {
            if (value.regionMatches(true, 0, scheme, 0, scheme.length())) {
                return tokens.contains(value.substring(scheme.length()).trim());
            }
        }
        return false;
    }

    List<FlyRequestRecord> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    void clearLog() {
        synchronized (log) {
            log.clear();
        }
    }
}
