package dev.agentfactory.platform.http;

import dev.agentfactory.platform.problem.Problem;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Rejects a declared oversized body with a 413 problem before anything reads it. Chunked bodies without a
 * length are still capped by {@code quarkus.http.limits.max-body-size}, set to the same value. Paths matching
 * {@code af.http.streamed-body-paths} are left to the route that serves them: it streams the body and enforces
 * its own limit.
 */
@ApplicationScoped
public class BodySizeLimit {

    private final long maxBytes;
    private final List<Pattern> streamed;

    public BodySizeLimit(@ConfigProperty(name = "af.http.max-body-bytes", defaultValue = "1048576") long maxBytes,
                         @ConfigProperty(name = "af.http.streamed-body-paths") Optional<List<String>> streamed) {
        this.maxBytes = maxBytes;
        this.streamed = streamed.orElse(List.of()).stream().map(Pattern::compile).toList();
    }

    void register(@Observes Filters filters) {
        filters.register(this::limit, 100);
    }

    void limit(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && exceeds(length) && !streamed(context.request().path())) {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            RouteReplies.problem(context.response(), Problem.of(413, "payload-too-large", "Payload too large",
                    "request bodies are limited to " + maxBytes + " bytes"));
            return;
        }
        context.next();
    }

    private boolean streamed(String path) {
        return streamed.stream().anyMatch(pattern -> pattern.matcher(path).matches());
    }

    private boolean exceeds(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
