package dev.agentfactory.queue.snapshot;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Caller;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

/** The snapshot endpoints but the content itself, which {@link SnapshotContentRoutes} streams. */
@Path("/v1/snapshots")
@Allowed({Role.WORKER, Role.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class SnapshotResource {

    private final SnapshotService snapshots;
    private final Caller caller;

    public SnapshotResource(SnapshotService snapshots, Caller caller) {
        this.snapshots = snapshots;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> begin(@Valid @NotNull SnapshotRequests.Begin begin) {
        return snapshots.begin(begin, actor()).map(s -> Response.status(201)
                .entity(new SnapshotRequests.Begun(s.snapshotId(), s.contentUrl(), s.status())).build());
    }

    @POST
    @Path("/{id}/finalize")
    public Uni<Snapshot> finalizeUpload(@PathParam("id") String id) {
        return snapshots.finalizeUpload(parse(id), actor());
    }

    @POST
    @Path("/{id}/fail")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Snapshot> fail(@PathParam("id") String id, @Valid @NotNull SnapshotRequests.Fail request) {
        return snapshots.fail(parse(id), actor(), request.error());
    }

    @GET
    @Path("/latest")
    public Uni<Snapshot> latest(@QueryParam("workspaceId") @NotBlank String workspaceId,
                                @QueryParam("agentKey") @NotBlank String agentKey,
                                @QueryParam("conversationId") @NotBlank String conversationId) {
        return snapshots.latest(workspaceId, agentKey, conversationId).map(s -> {
            if (s == null) {
                throw ProblemException.notFound("no ready snapshot for this workspace, agent and conversation");
            }
            return s;
        });
    }

    private String actor() {
        return caller.role() == Role.WORKER ? caller.workerId() : null;
    }

    static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no snapshot " + id);
        }
    }
}
