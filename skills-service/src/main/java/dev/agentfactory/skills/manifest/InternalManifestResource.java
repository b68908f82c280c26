package dev.agentfactory.skills.manifest;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.skills.skill.SkillService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import java.util.Map;

/** Internal: the manifest's version (its ETag value), for the hydration bundle. */
@Path("/internal/skills")
@Allowed(Role.SERVICE)
public class InternalManifestResource {

    private final ManifestCache cache;

    public InternalManifestResource(ManifestCache cache) {
        this.cache = cache;
    }

    @GET
    @Path("/manifest-version")
    public Uni<Map<String, String>> version(@QueryParam("channel") @DefaultValue("stable") String channel) {
        SkillService.checkChannel(channel);
        return cache.get(channel).map(manifest -> Map.of("channel", channel, "version", manifest.version()));
    }
}
