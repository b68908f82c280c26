package dev.agentfactory.queue.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfactory.platform.auth.BearerCheck;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.platform.http.RouteReplies;
import dev.agentfactory.platform.problem.Problem;
import dev.agentfactory.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * {@code PUT} and {@code GET /v1/snapshots/{id}/content}: a snapshot archive streamed between the worker and the
 * blob store, never held whole in memory, so archives are bounded by {@code af.queue.snapshots.max-bytes} rather
 * than by the request body limit of the JSON endpoints (this path is exempt from it). Plain Vert.x routes, since
 * REST would buffer the body; they authenticate with the same bearer check and answer the same problems.
 */
@ApplicationScoped
public class SnapshotContentRoutes {

    static final String PATH = "/v1/snapshots/:id/content";
    private static final int AHEAD_OF_BODY_LIMIT = -3;

    private static final Logger LOG = Logger.getLogger(SnapshotContentRoutes.class);
    private static final Set<Role> ALLOWED = EnumSet.of(Role.WORKER, Role.ADMIN);

    private final SnapshotService snapshots;
    private final BearerCheck auth;
    private final ObjectMapper json;

    public SnapshotContentRoutes(SnapshotService snapshots, BearerCheck auth, ObjectMapper json) {
        this.snapshots = snapshots;
        this.auth = auth;
        this.json = json;
    }

    void register(@Observes Router router) {
        // ahead of the handler Quarkus places at order -2 to refuse any declared length over
        // quarkus.http.limits.max-body-size, which stays the JSON endpoints' limit for chunked bodies
        router.put(PATH).order(AHEAD_OF_BODY_LIMIT).handler(this::upload);
        router.get(PATH).handler(this::download);
    }

    void upload(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.pause(); // nothing is read before the snapshot is known to accept it
        HttpServerResponse response = request.response();
        response.putHeader(HttpHeaders.CONNECTION, "close"); // an early answer leaves the body unread
        BearerCheck.Granted caller = auth.authorize(request, ALLOWED);
        if (caller == null) {
            return;
        }
        Executor here = onThisContext();
        Uni.createFrom().item(() -> SnapshotResource.parse(ctx.pathParam("id")))
                .chain(id -> snapshots.acceptsContent(id, actor(caller), contentLength(request)))
                .emitOn(here)
                .chain(snapshots::startUpload)
                .subscribe().with(upload -> receive(request, upload), failure -> fail(response, failure));
    }

    void download(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        if (auth.authorize(ctx.request(), ALLOWED) == null) {
            return;
        }
        Executor here = onThisContext();
        Uni.createFrom().item(() -> SnapshotResource.parse(ctx.pathParam("id")))
                .chain(snapshots::restorable)
                .emitOn(here)
                .chain(snapshots::content)
                .subscribe().with(blob -> {
                    if (blob == null) {
                        RouteReplies.problem(response, ProblemException.notFound(
                                "the content of snapshot " + ctx.pathParam("id") + " is missing").problem());
                        return;
                    }
                    response.putHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream")
                            .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(blob.sizeBytes()));
                    blob.content().pipeTo(response).onComplete(piped -> blob.close().subscribe().with(
                            closed -> { }, failure -> LOG.warnf("snapshot blob not closed: %s", failure.getMessage())));
                }, failure -> fail(response, failure));
    }

    /** Each chunk is written before the next is read: the socket, not memory, holds what the disk has not taken. */
    private void receive(HttpServerRequest request, ContentUpload upload) {
        Executor here = onThisContext();
        HttpServerResponse response = request.response();
        request.handler(chunk -> {
            request.pause();
            upload.write(chunk).emitOn(here).subscribe().with(written -> request.resume(), failure -> {
                upload.abort().subscribe().with(aborted -> fail(response, failure), ignored -> fail(response, failure));
            });
        });
        request.endHandler(ended -> snapshots.uploaded(upload).emitOn(here).subscribe().with(snapshot -> {
            response.headers().remove(HttpHeaders.CONNECTION);
            response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(write(snapshot));
        }, failure -> fail(response, failure)));
        request.exceptionHandler(failure -> {
            LOG.debugf("upload of snapshot %s broke off: %s", upload.snapshot().snapshotId(), failure.getMessage());
            upload.abort().subscribe().with(aborted -> { }, ignored -> { });
        });
        request.resume();
    }

    private void fail(HttpServerResponse response, Throwable failure) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (failure instanceof ProblemException problem) {
            RouteReplies.problem(response, problem);
            return;
        }
        LOG.error("snapshot content transfer failed", failure);
        RouteReplies.problem(response, Problem.of(500, "internal", "Internal error",
                "the snapshot content could not be transferred; retry"));
    }

    private String write(Snapshot snapshot) {
        try {
            return json.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String actor(BearerCheck.Granted caller) {
        return caller.role() == Role.WORKER ? caller.workerId() : null;
    }

    /** The declared body length, or null for a chunked body. */
    private static Long contentLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return null;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("Content-Length is not a number");
        }
    }

    /** Runs what follows on the request's own event loop, where its stream and its file are handled. */
    private static Executor onThisContext() {
        Context context = Vertx.currentContext();
        return command -> context.runOnContext(ignored -> command.run());
    }
}
