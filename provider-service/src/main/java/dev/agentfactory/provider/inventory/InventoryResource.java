package dev.agentfactory.provider.inventory;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.platform.http.QueryFlags;
import dev.agentfactory.provider.ProviderConfig;
import dev.agentfactory.provider.driver.MachineDriver;
import dev.agentfactory.provider.driver.ObservedMachine;
import dev.agentfactory.provider.driver.ObservedVolume;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Live inventory of the configured app (admin): our machines, or every machine with {@code ?all=true}. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.ADMIN)
public class InventoryResource {

    private final MachineDriver driver;
    private final InventorySync sync;
    private final ProviderConfig config;

    public InventoryResource(MachineDriver driver, InventorySync sync, ProviderConfig config) {
        this.driver = driver;
        this.sync = sync;
        this.config = config;
    }

    public record MachineView(String machineId, String name, String state, String region, String instanceId,
                              String volumeId, boolean cordoned, Instant createdAt, String workerId, String commandId,
                              String deployment, boolean ours) {
    }

    public record MachineList(String appName, String deployment, List<MachineView> machines) {
    }

    public record VolumeList(String appName, List<ObservedVolume> volumes) {
    }

    @GET
    @Path("/machines")
    public Uni<MachineList> machines(@QueryParam("all") String allFlag) {
        boolean all = QueryFlags.parse("all", allFlag);
        return driver.listMachines().map(machines -> new MachineList(config.app(), config.deployment(), machines.stream()
                .filter(m -> all || m.taggedWith(config.deployment())).map(this::view).toList()));
    }

    @GET
    @Path("/volumes")
    public Uni<VolumeList> volumes() {
        return driver.listVolumes().map(volumes -> new VolumeList(config.app(), volumes));
    }

    /** Runs an inventory sync now (it also runs on its schedule). */
    @POST
    @Path("/inventory/sync")
    public Uni<InventorySync.SyncReport> syncNow() {
        return sync.sync();
    }

    private MachineView view(ObservedMachine m) {
        Map<String, String> tags = m.metadata();
        return new MachineView(m.id(), m.name(), m.state(), m.region(), m.instanceId(), m.volumeId(), m.cordoned(),
                m.createdAt(), tags.get(ObservedMachine.WORKER_ID), tags.get(ObservedMachine.COMMAND_ID),
                tags.get(ObservedMachine.DEPLOYMENT), m.taggedWith(config.deployment()));
    }
}
