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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /v1/claims}: 200 with a job; 204 when nothing arrived within {@code waitMs}; 200 without a job, at once,
 * when the fleet does not want this worker to take work: {@code {shouldStop: true}} (draining, stopping, stopped: exit
 * after the current job) or {@code {shouldPark: true}} (parking, parked: stay alive and ask again shortly).
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
    @Operation(summary = "Claim the next message", description = "Long-polls up to waitMs for a claimable"
            + " conversation. A worker the fleet parks or stops is answered at once, without a job.")
    @APIResponse(responseCode = "200", description = "A job (leased); or, without a job, shouldStop (draining,"
            + " stopping, stopped: exit after the current job) or shouldPark (parking, parked: stay alive, claim again"
            + " shortly; claims work again once the fleet sets the worker active)",
            content = @Content(schema = @Schema(oneOf = {Job.class, Order.class})))
    @APIResponse(responseCode = "204", description = "Nothing became claimable within waitMs")
    public Uni<Response> claim(@Valid @NotNull ClaimRequest request) {
        caller.requireActingAs(request.workerId());
        return claims.claim(request.workerId(), request.waitMs() == null ? 0 : request.waitMs()).map(ClaimResource::respond);
    }

    public static Response respond(ClaimOutcome outcome) {
        if (outcome.job() != null) {
            return Response.ok(outcome.job()).build();
        }
        if (outcome.control() != WorkerControl.RUN) {
            return Response.ok(new Order(outcome.shouldStop(), outcome.shouldPark())).build();
        }
        return Response.noContent().build();
    }

    public record ClaimRequest(@NotBlank @Size(max = 200) String workerId, @Min(0) @Max(30000) Long waitMs) {
    }

    /** The answer without a job to a worker the fleet parks or stops; exactly one of the two is true. */
    @Schema(description = "No job: the fleet stops this worker (shouldStop) or parks it (shouldPark)")
    public record Order(boolean shouldStop, boolean shouldPark) {
    }
}
