package dev.agentfactory.skills.secret;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Role;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.util.List;

/** Secrets for services: resolve refs to plaintext (queue, provider, ingress) and store by ref (scheduler). */
@Path("/internal/secrets")
@Allowed(Role.SERVICE)
public class InternalSecretResource {

    private final SecretService secrets;

    public InternalSecretResource(SecretService secrets) {
        this.secrets = secrets;
    }

    public record ResolveRequest(@NotNull @Size(max = 200)
                                 List<@NotNull @Pattern(regexp = SecretRefs.PATTERN, message = SecretRefs.MESSAGE) String> refs) {
    }

    @POST
    @Path("/resolve")
    public Uni<SecretService.Resolution> resolve(@Valid @NotNull ResolveRequest request) {
        return secrets.resolve(request.refs());
    }

    @PUT
    @Path("/{ref}")
    public Uni<SecretStatus> put(@PathParam("ref") @Pattern(regexp = SecretRefs.PATTERN, message = SecretRefs.MESSAGE) String ref,
                                 @Valid @NotNull SecretValue body) {
        return secrets.put(ref, body.value());
    }
}
