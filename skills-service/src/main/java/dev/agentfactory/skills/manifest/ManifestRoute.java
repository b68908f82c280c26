package dev.agentfactory.skills.manifest;

import dev.agentfactory.platform.auth.BearerCheck;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.platform.http.RouteReplies;
import dev.agentfactory.platform.problem.Problem;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.EnumSet;
import java.util.Set;

/**
 * {@code GET /v1/skills/manifest?channel=stable}: the hot path when a fleet boots, so it is a plain Vert.x route
 * on the event loop (about three times the throughput of the REST stack on this machine; see README): the
 * cached bytes with their strong ETag, or 304 when {@code If-None-Match} matches. Callable with worker tokens
 * and admin or service keys; errors are the same RFC 9457 problems as everywhere else.
 */
@ApplicationScoped
public class ManifestRoute {

    private static final Logger LOG = Logger.getLogger(ManifestRoute.class);
    public static final String PATH = "/v1/skills/manifest";
    private static final Set<Role> ALLOWED = EnumSet.of(Role.ADMIN, Role.SERVICE, Role.WORKER);

    private final ManifestCache cache;
    private final BearerCheck auth;

    public ManifestRoute(ManifestCache cache, BearerCheck auth) {
        this.cache = cache;
        this.auth = auth;
    }

    void register(@Observes Router router) {
        router.get(PATH).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        if (auth.authorize(ctx.request(), ALLOWED) == null) {
            return;
        }
        String channel = ctx.request().getParam("channel", "stable");
        if (!"stable".equals(channel) && !"canary".equals(channel)) {
            RouteReplies.problem(ctx.response(),
                    Problem.of(400, "validation", "Invalid request", "channel: must be stable or canary"));
            return;
        }
        String ifNoneMatch = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
        Context context = Vertx.currentContext();
        cache.get(channel).subscribe().with(
                manifest -> onContext(context, () -> answer(ctx.response(), manifest, ifNoneMatch)),
                failure -> onContext(context, () -> {
                    LOG.warnf("manifest of %s unavailable: %s", channel, failure.getMessage());
                    ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
                    RouteReplies.problem(ctx.response(), Problem.of(503, "manifest-unavailable",
                            "Service unavailable", "the manifest cannot be read right now; retry"));
                }));
    }

    private static void answer(HttpServerResponse response, Manifest manifest, String ifNoneMatch) {
        response.putHeader(HttpHeaders.ETAG, manifest.etag()).putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        if (manifest.matches(ifNoneMatch)) {
            response.setStatusCode(304).end();
        } else {
            response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(manifest.buffer());
        }
    }

    private static void onContext(Context context, Runnable action) {
        if (context == null || context == Vertx.currentContext()) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }
}
