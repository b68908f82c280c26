package dev.agentfactory.fakes.fly;

import java.time.Instant;

/**
 * One request the Fly fake answered.
 *
 * @param at        when it arrived (fake's clock)
 * @param method    HTTP method
 * @param path      path without query, e.g. {@code /v1/apps/a/machines/x/stop}
 * @param query     raw query string or ""
 * @param action    rate-limit action, e.g. {@code machine.stop}, or null for unknown routes
 * @param scope     rate-limit scope (app or app/machine), or null
 * @param status    HTTP status answered
 * @param rejection why it was rejected before reaching the handler: {@code unauthorized},
 *                  {@code rate_limited} (the real limiter), {@code injected_429}, {@code injected_5xx}; else null
 */
public record FlyRequestRecord(Instant at, String method, String path, String query, String action, String scope,
                               int status, String rejection) {

    public boolean rateLimited() {
        return "rate_limited".equals(rejection);
    }
}
