package dev.agentfactory.provider.skills;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import java.util.List;
import java.util.Map;

/** The part of skills-service's internal API the provider uses. */
@Path("/internal/secrets")
public interface SkillsApi {

    @POST
    @Path("/resolve")
    Uni<Resolved> resolve(@HeaderParam("Authorization") String authorization, Refs refs);

    record Refs(List<String> refs) {
    }

    record Resolved(Map<String, String> values, List<String> missing) {
    }
}
