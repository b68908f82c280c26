package dev.agentfactory.queue.deadletter;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.queue.config.QueueConfig;
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
    private final RedriveService redrive;
    private final QueueConfig config;

    public DeadLetterResource(Pool pool, DeadLetterStore store, RedriveService redrive, QueueConfig config) {
        this.pool = pool;
        this.store = store;
        this.redrive = redrive;
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
        return redrive.redrive(messageId).map(ref -> new Redriven(ref.messageId(), "queued"));
    }

    public record Page(List<DeadLetter> items, Long nextAfter) {
    }

    public record Redriven(String messageId, String status) {
    }
}
