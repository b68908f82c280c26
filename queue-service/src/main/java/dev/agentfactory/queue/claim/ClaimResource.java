package dev.agentfactory.queue.claim;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Caller;
import dev.agentfactory.platform.auth.Role;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /v1/claims}: 200 with a job; 204 when nothing arrived within {@code waitMs}; 200
 * {@code {shouldStop: true}} without a job when the fleet no longer wants this worker to take work.
 */
@Path("/v1/claims")
@Allowed({Role.WORKER, Role.ADMIN})
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ClaimResource {

    private final ClaimService claims;
    private final Caller caller;

    public ClaimResource(ClaimService claims, Caller caller) {
        this.claims = claims;
        this.caller = caller;
    }

    @POST
    public Uni<Response> claim(@Valid @NotNull ClaimRequest request) {
        caller.requireActingAs(request.workerId());
        return claims.claim(request.workerId(), request.waitMs() == null ? 0 : request.waitMs()).map(ClaimResource::respond);
    }

    public static Response respond(ClaimOutcome outcome) {
        if (outcome.job() != null) {
            return Response.ok(outcome.job()).build();
        }
        if (outcome.shouldStop()) {
            return Response.ok(new StopSignal(true)).build();
        }
        return Response.noContent().build();
    }

    public record ClaimRequest(@NotBlank @Size(max = 200) String workerId, @Min(0) @Max(30000) Long waitMs) {
    }

    public record StopSignal(boolean shouldStop) {
    }
}
