package dev.agentfactory.ingress.binding;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Caller;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.platform.http.QueryFlags;
import dev.agentfactory.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Identity bindings: list, create, inspect (with audit trail) and revoke (soft). */
@Path("/v1/bindings")
@Allowed(Role.APP)
@Produces(MediaType.APPLICATION_JSON)
public class BindingResource {

    private final Bindings bindings;
    private final BindingStore store;
    private final Caller caller;

    public BindingResource(Bindings bindings, BindingStore store, Caller caller) {
        this.bindings = bindings;
        this.store = store;
        this.caller = caller;
    }

    @GET
    public Uni<Map<String, List<BindingView>>> list(@QueryParam("consumerUserId") String consumerUserId,
                                                @QueryParam("agentKey") String agentKey,
                                                @QueryParam("botIdentity") String botIdentity,
                                                @QueryParam("telegramUserId") Long telegramUserId,
                                                @QueryParam("includeRevoked") String includeRevoked,
                                                @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        boolean revoked = QueryFlags.parse("includeRevoked", includeRevoked);
        return store.list(new BindingFilter(consumerUserId, agentKey, botIdentity, telegramUserId, revoked, limit))
                .map(items -> Map.of("items", items.stream().map(BindingView::of).toList()));
    }

    @GET
    @Path("/{id}")
    public Uni<Map<String, Object>> get(@PathParam("id") UUID id) {
        return store.find(id).flatMap(binding -> {
            if (binding == null) {
                throw ProblemException.notFound("no binding " + id);
            }
            return store.audit(id).map(audit -> Map.of("binding", BindingView.of(binding), "audit", audit));
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> bind(@Valid @NotNull BindRequest request) {
        return bindings.bindByApi(request, actor())
                .map(binding -> Response.status(Response.Status.CREATED).entity(BindingView.of(binding)).build());
    }

    @DELETE
    @Path("/{id}")
    public Uni<BindingView> revoke(@PathParam("id") UUID id,
                               @QueryParam("reason") @DefaultValue("revoked by api") @Size(max = 500) String reason) {
        return bindings.revoke(id, actor(), reason).map(BindingView::of);
    }

    private String actor() {
        return caller.role().name().toLowerCase();
    }
}
