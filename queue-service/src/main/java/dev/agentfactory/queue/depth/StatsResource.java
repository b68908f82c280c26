package dev.agentfactory.queue.depth;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Role;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;

/** {@code GET /v1/stats}: depth per workspace, conversation-aware, measured now. */
@Path("/v1/stats")
@Allowed({Role.ADMIN, Role.SERVICE, Role.APP})
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    private final DepthTracker depth;

    public StatsResource(DepthTracker depth) {
        this.depth = depth;
    }

    @GET
    public Uni<Stats> stats() {
        return depth.measureAll().map(all -> new Stats(List.copyOf(all.values()), Instant.now()));
    }

    public record Stats(List<Depth> workspaces, Instant measuredAt) {
    }
}
