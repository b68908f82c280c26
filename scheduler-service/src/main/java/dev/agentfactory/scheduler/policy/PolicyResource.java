package dev.agentfactory.scheduler.policy;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.scheduler.reconcile.ReconcileTrigger;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

/** {@code GET/PUT /v1/scaling-policy}: the policy in force and where it comes from. */
@Path("/v1/scaling-policy")
public class PolicyResource {

    private final PolicyStore store;
    private final ReconcileTrigger trigger;

    public PolicyResource(PolicyStore store, ReconcileTrigger trigger) {
        this.store = store;
        this.trigger = trigger;
    }

    @GET
    @Allowed({Role.ADMIN, Role.SERVICE})
    public Uni<PolicyStore.Effective> get() {
        return store.current();
    }

    @PUT
    @Allowed(Role.ADMIN)
    public Uni<PolicyStore.Effective> put(@Valid @NotNull ScalingPolicy policy) {
        PolicyRules.requireValid(policy);
        return store.save(policy)
                .invoke(() -> trigger.request("policy-changed"))
                .chain(() -> store.current());
    }
}
