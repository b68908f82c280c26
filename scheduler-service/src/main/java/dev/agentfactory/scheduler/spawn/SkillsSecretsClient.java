package dev.agentfactory.scheduler.spawn;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** skills-service's internal secret store ({@code quarkus.rest-client.skills.url}). */
@RegisterRestClient(configKey = "skills")
@Path("/internal/secrets")
public interface SkillsSecretsClient {

    record SecretValue(String value) {
    }

    @PUT
    @Path("/{ref}")
    Uni<Void> put(@PathParam("ref") String ref, @HeaderParam("Authorization") String authorization, SecretValue body);
}
