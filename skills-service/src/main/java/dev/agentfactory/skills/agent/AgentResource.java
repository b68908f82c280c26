package dev.agentfactory.skills.agent;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Role;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** Agent profiles: what an agent is, without its secrets. */
@Path("/v1/agents")
public class AgentResource {

    private final AgentService agents;

    public AgentResource(AgentService agents) {
        this.agents = agents;
    }

    @PUT
    @Path("/{agentKey}")
    @Allowed(Role.ADMIN)
    public Uni<Response> put(@PathParam("agentKey") @Pattern(regexp = AgentKeys.PATTERN, message = AgentKeys.MESSAGE) String agentKey,
                             @Valid @NotNull AgentRequest request) {
        return agents.put(agentKey, request).map(saved -> Response.status(saved.created() ? 201 : 200)
                .entity(AgentView.of(saved.profile())).build());
    }

    @GET
    @Path("/{agentKey}")
    @Allowed({Role.ADMIN, Role.APP, Role.SERVICE})
    public Uni<AgentView> get(@PathParam("agentKey") String agentKey) {
        return agents.get(agentKey).map(AgentView::of);
    }

    @GET
    @Allowed({Role.ADMIN, Role.APP, Role.SERVICE})
    public Uni<List<AgentView>> list(@QueryParam("after") String after,
                                     @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        return agents.list(after, limit).map(profiles -> profiles.stream().map(AgentView::of).toList());
    }

    @DELETE
    @Path("/{agentKey}")
    @Allowed(Role.ADMIN)
    public Uni<Response> delete(@PathParam("agentKey") String agentKey) {
        return agents.delete(agentKey).replaceWith(Response.noContent().build());
    }
}
