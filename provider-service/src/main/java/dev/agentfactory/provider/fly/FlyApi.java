package dev.agentfactory.provider.fly;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.Map;

/**
 * The Fly Machines API calls the provider makes (see shared/protocols/FLY-MACHINES-API.md). Every call answers
 * the raw {@link Response}: {@link FlyHttp} decides what a status means.
 */
@Path("/apps/{app}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface FlyApi {

    @GET
    @Path("/machines")
    Uni<Response> listMachines(@HeaderParam("Authorization") String auth, @PathParam("app") String app,
                               @RestQuery Map<String, String> query);

    @POST
    @Path("/machines")
    Uni<Response> createMachine(@HeaderParam("Authorization") String auth, @PathParam("app") String app, JsonNode body);

    @GET
    @Path("/machines/{id}")
    Uni<Response> getMachine(@HeaderParam("Authorization") String auth, @PathParam("app") String app,
                             @PathParam("id") String id);

    @GET
    @Path("/machines/{id}/wait")
    Uni<Response> await(@HeaderParam("Authorization") String auth, @PathParam("app") String app,
                        @PathParam("id") String id, @QueryParam("state") String state,
                        @QueryParam("timeout") int timeoutSeconds, @QueryParam("instance_id") String instanceId);

    @POST
    @Path("/machines/{id}/start")
    Uni<Response> start(@HeaderParam("Authorization") String auth, @PathParam("app") String app,
                        @PathParam("id") String id);

    @POST
    @Path("/machines/{id}/stop")
    Uni<Response> stop(@HeaderParam("Authorization") String auth, @PathParam("app") String app,
                       @PathParam("id") String id, JsonNode body);

    @POST
    @Path("/machines/{id}/suspend")
    Uni<Response> suspend(@HeaderParam("Authorization") String auth, @PathParam("app") String app,
                          @PathParam("id") String id);

    @POST
    @Path("/machines/{id}/cordon")
    Uni<Response> cordon(@HeaderParam("Authorization") String auth, @PathParam("app") String app,
                         @PathParam("id") String id);

    @DELETE
    @Path("/machines/{id}")
    Uni<Response> deleteMachine(@HeaderParam("Authorization") String auth, @PathParam("app") String app,
                                @PathParam("id") String id, @QueryParam("force") boolean force);

    @GET
    @Path("/volumes")
    Uni<Response> listVolumes(@HeaderParam("Authorization") String auth, @PathParam("app") String app);

    @POST
    @Path("/volumes")
    Uni<Response> createVolume(@HeaderParam("Authorization") String auth, @PathParam("app") String app, JsonNode body);

    @DELETE
    @Path("/volumes/{id}")
    Uni<Response> deleteVolume(@HeaderParam("Authorization") String auth, @PathParam("app") String app,
                               @PathParam("id") String id);
}
