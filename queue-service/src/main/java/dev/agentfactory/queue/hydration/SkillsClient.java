package dev.agentfactory.queue.hydration;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** skills-service's internal API, called with the service API key ({@code quarkus.rest-client.skills.url}). */
@RegisterRestClient(configKey = "skills")
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
@ClientHeaderParam(name = "Authorization", value = "{serviceBearer}")
public interface SkillsClient {

    @GET
    @Path("/agents/{agentKey}/runtime-profile")
    Uni<JsonNode> runtimeProfile(@PathParam("agentKey") String agentKey);

    @GET
    @Path("/skills/manifest-version")
    Uni<JsonNode> manifestVersion(@QueryParam("channel") String channel);

    default String serviceBearer() {
        return "Bearer " + ConfigProvider.getConfig().getOptionalValue("af.auth.service-api-key", String.class).orElse("");
    }
}
