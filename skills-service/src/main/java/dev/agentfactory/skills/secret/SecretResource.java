package dev.agentfactory.skills.secret;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import java.util.Arrays;
import java.util.List;

/** Operators import secrets and see their status; plaintext is never answered here. */
@Path("/v1/secrets")
public class SecretResource {

    private static final int MAX_REFS = 100;

    private final SecretService secrets;

    public SecretResource(SecretService secrets) {
        this.secrets = secrets;
    }

    @PUT
    @Path("/{ref}")
    @Allowed(Role.ADMIN)
    public Uni<SecretStatus> put(@PathParam("ref") @Pattern(regexp = SecretRefs.PATTERN, message = SecretRefs.MESSAGE) String ref,
                                 @Valid @NotNull SecretValue body) {
        return secrets.put(ref, body.value());
    }

    @GET
    @Allowed({Role.ADMIN, Role.APP, Role.SERVICE})
    public Uni<List<SecretStatus>> status(@QueryParam("refs") String refs) {
        return secrets.status(parseRefs(refs));
    }

    static List<String> parseRefs(String refs) {
        if (refs == null || refs.isBlank()) {
            throw ProblemException.invalid("refs", "name at least one secret ref (comma separated)");
        }
        List<String> parsed = Arrays.stream(refs.split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList();
        if (parsed.size() > MAX_REFS) {
            throw ProblemException.invalid("refs", "at most " + MAX_REFS + " refs per request");
        }
        for (String ref : parsed) {
            if (!SecretRefs.valid(ref)) {
                throw ProblemException.invalid("refs", "'" + ref + "' " + SecretRefs.MESSAGE);
            }
        }
        return parsed;
    }
}
