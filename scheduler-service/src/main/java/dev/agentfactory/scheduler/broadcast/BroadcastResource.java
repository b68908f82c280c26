package dev.agentfactory.scheduler.broadcast;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.platform.http.IdempotencyKeys;
import dev.agentfactory.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * Admin broadcast: one message per enabled agent, with an audit record of the counts. An optional
 * {@code Idempotency-Key} makes a retried request answer the first broadcast (200) instead of sending again.
 */
@Path("/v1/broadcasts")
@Allowed(Role.ADMIN)
public class BroadcastResource {

    private final Broadcasts broadcasts;

    public BroadcastResource(Broadcasts broadcasts) {
        this.broadcasts = broadcasts;
    }

    public record BroadcastRequest(@NotBlank @Size(max = 4096) String text) {
    }

    @POST
    public Uni<Response> send(@Valid @NotNull BroadcastRequest request,
                              @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        IdempotencyKeys.check(idempotencyKey);
        return broadcasts.send(request.text(), idempotencyKey)
                .map(sent -> Response.status(sent.replayed() ? 200 : 201).entity(sent.audit()).build());
    }

    @GET
    public Uni<List<Broadcasts.Audit>> list(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return broadcasts.list(limit);
    }

    @GET
    @Path("/{broadcastId}")
    public Uni<Broadcasts.Audit> get(@PathParam("broadcastId") String broadcastId) {
        return broadcasts.find(broadcastId).map(audit -> {
            if (audit == null) {
                throw ProblemException.notFound("no broadcast '" + broadcastId + "'");
            }
            return audit;
        });
    }
}
