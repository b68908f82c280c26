package dev.agentfactory.platform.http;

import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.problem.Problem;
import dev.agentfactory.platform.problem.ProblemException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * Problem answers for routes served outside REST (plain Vert.x routes and filters), the same RFC 9457 JSON the
 * REST exception mappers send.
 */
public final class RouteReplies {

    private RouteReplies() {
    }

    public static void problem(HttpServerResponse response, Problem problem) {
        if (problem.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.write(problem));
    }

    public static void problem(HttpServerResponse response, ProblemException failure) {
        if (failure.retryAfter() != null) {
            response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, failure.retryAfter().toSeconds())));
        }
        problem(response, failure.problem());
    }
}
