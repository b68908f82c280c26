package dev.agentfactory.ingress.enqueue;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Role;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The generic enqueue API for apps: 202 once Kafka acknowledged the message, 503 when it could not. */
@Path("/v1")
@Allowed(Role.APP)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

    private final ApiEnqueue api;

    public MessageResource(ApiEnqueue api) {
        this.api = api;
    }

    @POST
    @Path("/messages")
    public Uni<Response> enqueue(@Valid @NotNull EnqueueRequest request,
                                 @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return api.toConversation(request, idempotencyKey).map(MessageResource::accepted);
    }

    @POST
    @Path("/users/{consumerUserId}/agents/{agentKey}/messages")
    public Uni<Response> enqueueForUser(
            @PathParam("consumerUserId") @Pattern(regexp = Patterns.USER_ID, message = Patterns.USER_ID_MESSAGE)
            String consumerUserId,
            @PathParam("agentKey") @Pattern(regexp = Patterns.AGENT_KEY, message = Patterns.AGENT_KEY_MESSAGE)
            String agentKey,
            @Valid @NotNull UserMessageRequest request,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return api.toUserAgent(consumerUserId, agentKey, request, idempotencyKey).map(MessageResource::accepted);
    }

    private static Response accepted(Accepted accepted) {
        Response.ResponseBuilder response = Response.accepted(accepted);
        if (accepted.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.build();
    }
}
