package dev.agentfactory.provider.cleanup;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.platform.problem.ProblemException;
import dev.agentfactory.provider.command.CommandRequest.CleanupRequest;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /v1/cleanup}: billing-protection cleanup of the configured app (admin only). */
@Path("/v1/cleanup")
@Allowed(Role.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CleanupResource {

    private final CleanupService cleanup;

    public CleanupResource(CleanupService cleanup) {
        this.cleanup = cleanup;
    }

    @POST
    public Uni<CleanupReport> run(@Valid CleanupOptions options) {
        if (options == null) {
            throw ProblemException.invalid("dryRun", "must not be null");
        }
        return cleanup.run(new CleanupRequest(options.dryRun(), options.machineConcurrency(), options.volumeConcurrency()),
                null);
    }
}
