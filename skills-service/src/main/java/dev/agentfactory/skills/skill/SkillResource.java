package dev.agentfactory.skills.skill;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.skills.skill.BundleModels.BundleRequest;
import dev.agentfactory.skills.skill.BundleModels.ReleaseRequest;
import dev.agentfactory.skills.skill.BundleModels.ReleaseView;
import dev.agentfactory.skills.skill.BundleModels.SkillView;
import dev.agentfactory.skills.skill.BundleModels.StatusRequest;
import dev.agentfactory.skills.skill.BundleModels.VersionWithFiles;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/** Global skills: publish versions, release them per channel, enable/disable, delete. */
@Path("/v1/skills")
public class SkillResource {

    private final SkillService skills;
    private final SkillQueries queries;

    public SkillResource(SkillService skills, SkillQueries queries) {
        this.skills = skills;
        this.queries = queries;
    }

    @POST
    @Allowed(Role.ADMIN)
    public Uni<Response> create(@NotNull BundleRequest bundle) {
        return skills.create(bundle).map(created -> Response.status(created.created() ? 201 : 200)
                .entity(SkillQueries.view(created.version())).build());
    }

    @GET
    @Allowed({Role.ADMIN, Role.SERVICE})
    public Uni<List<SkillView>> list() {
        return queries.list();
    }

    @GET
    @Path("/{slug}")
    @Allowed({Role.ADMIN, Role.SERVICE})
    public Uni<SkillView> get(@PathParam("slug") String slug) {
        return queries.get(slug);
    }

    @GET
    @Path("/{slug}/versions/{version}")
    @Allowed({Role.ADMIN, Role.SERVICE})
    public Uni<VersionWithFiles> version(@PathParam("slug") String slug, @PathParam("version") String version) {
        return queries.version(slug, version);
    }

    @POST
    @Path("/{slug}/releases")
    @Allowed(Role.ADMIN)
    public Uni<ReleaseView> release(@PathParam("slug") String slug, @NotNull ReleaseRequest request) {
        return skills.release(slug, request.version(), request.channel());
    }

    @PUT
    @Path("/{slug}/status")
    @Allowed(Role.ADMIN)
    public Uni<Map<String, String>> status(@PathParam("slug") String slug, @NotNull StatusRequest request) {
        return skills.setStatus(slug, request.status()).map(status -> Map.of("slug", slug, "status", status));
    }

    @DELETE
    @Path("/{slug}")
    @Allowed(Role.ADMIN)
    public Uni<Response> delete(@PathParam("slug") String slug) {
        return skills.delete(slug).replaceWith(Response.noContent().build());
    }
}
