package dev.agentfactory.queue.deadletter;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.platform.problem.ProblemException;
import dev.agentfactory.queue.claim.ReadySignal;
import dev.agentfactory.queue.config.QueueConfig;
import dev.agentfactory.queue.depth.DepthTracker;
import dev.agentfactory.queue.event.LifecycleData;
import dev.agentfactory.queue.event.LifecycleEvents;
import dev.agentfactory.queue.lease.HeadStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Dead letters: list (oldest first, paged by {@code after}) and redrive back into their conversation. */
@Path("/v1/dead-letters")
@Allowed({Role.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    private final Pool pool;
    private final DeadLetterStore store;
    private final HeadStore heads;
    private final LifecycleEvents events;
    private final ReadySignal ready;
    private final DepthTracker depth;
    private final QueueConfig config;

    public DeadLetterResource(Pool pool, DeadLetterStore store, HeadStore heads, LifecycleEvents events,
                              ReadySignal ready, DepthTracker depth, QueueConfig config) {
        this.pool = pool;
        this.store = store;
        this.heads = heads;
        this.events = events;
        this.ready = ready;
        this.depth = depth;
        this.config = config;
    }

    @GET
    public Uni<Page> list(@QueryParam("workspaceId") String workspaceId,
                          @QueryParam("after") @DefaultValue("0") @Min(0) long after,
                          @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(1000) int limit) {
        int capped = Math.min(limit, config.deadLetterPageMax());
        return store.list(pool, workspaceId, after, capped).map(items -> new Page(items,
                items.size() == capped ? items.get(items.size() - 1).seq() : null));
    }

    @POST
    @Path("/{messageId}/redrive")
    public Uni<Redriven> redrive(@PathParam("messageId") String messageId) {
        return pool.withTransaction(tx -> store.requeue(tx, messageId).chain(ref -> {
            if (ref == null) {
                return store.status(tx, messageId).map(status -> {
                    throw status == null ? ProblemException.notFound("no message " + messageId)
                            : ProblemException.conflict("not-dead-lettered", "message " + messageId + " is " + status);
                });
            }
            return heads.refresh(tx, ref.conversationId())
                    .call(claimable -> claimable ? ready.notify(tx, 1) : Uni.createFrom().voidItem())
                    .call(() -> events.append(tx, LifecycleEvents.REDRIVEN, LifecycleData.of(ref)))
                    .map(claimable -> {
                        depth.changed(ref.workspaceId());
                        return new Redriven(ref.messageId(), "queued");
                    });
        }));
    }

    public record Page(List<DeadLetter> items, Long nextAfter) {
    }

    public record Redriven(String messageId, String status) {
    }
}
