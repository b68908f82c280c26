package dev.agentfactory.queue.worker;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.platform.auth.WorkerTokens;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Mints tokens for workers that operators run themselves (the scheduler mints its own for spawned workers). */
@Path("/v1/worker-tokens")
@Allowed(Role.ADMIN)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class WorkerTokenResource {

    private final WorkerTokens tokens;

    public WorkerTokenResource(WorkerTokens tokens) {
        this.tokens = tokens;
    }

    @POST
    public TokenResponse mint(@Valid @NotNull TokenRequest request) {
        return new TokenResponse(request.workerId(), tokens.mint(request.workerId()));
    }

    public record TokenRequest(@NotBlank @Size(max = 200) @Pattern(regexp = "[A-Za-z0-9._:-]+") String workerId) {
    }

    public record TokenResponse(String workerId, String token) {
    }
}
