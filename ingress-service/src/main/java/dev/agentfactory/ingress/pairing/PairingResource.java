package dev.agentfactory.ingress.pairing;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Role;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Pairing codes for apps: create one for a user and an agent, then watch its status. */
@Path("/v1/pairings")
@Allowed(Role.APP)
@Produces(MediaType.APPLICATION_JSON)
public class PairingResource {

    private final Pairings pairings;

    public PairingResource(Pairings pairings) {
        this.pairings = pairings;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull PairingRequest request) {
        return pairings.create(request).map(code -> Response.status(Response.Status.CREATED).entity(PairingView.of(code)).build());
    }

    @GET
    @Path("/{code}")
    public Uni<PairingView> status(@PathParam("code") String code) {
        return pairings.status(code).map(PairingView::of);
    }
}
