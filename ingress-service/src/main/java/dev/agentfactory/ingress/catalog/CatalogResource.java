package dev.agentfactory.ingress.catalog;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.platform.problem.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** What this instance's catalog projection holds (never the webhook secret hash), for operators and apps. */
@Path("/v1/catalog/agents")
@Allowed({Role.APP, Role.SERVICE})
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    private final AgentCatalog catalog;

    public CatalogResource(AgentCatalog catalog) {
        this.catalog = catalog;
    }

    /** An agent as ingress sees it. */
    public record AgentView(String agentKey, long version, boolean enabled, String botIdentity,
                            boolean webhookSecretSet) {
        static AgentView of(CatalogAgent agent) {
            return new AgentView(agent.agentKey(), agent.version(), agent.enabled(), agent.botIdentity(),
                    agent.webhookSecretHash() != null);
        }
    }

    @GET
    public Map<String, List<AgentView>> list() {
        return Map.of("items", catalog.agents().stream().sorted(Comparator.comparing(CatalogAgent::agentKey))
                .map(AgentView::of).toList());
    }

    @GET
    @Path("/{agentKey}")
    public AgentView get(@PathParam("agentKey") String agentKey) {
        return catalog.agent(agentKey).map(AgentView::of)
                .orElseThrow(() -> ProblemException.notFound("agent '" + agentKey + "' is not in the catalog"));
    }
}
