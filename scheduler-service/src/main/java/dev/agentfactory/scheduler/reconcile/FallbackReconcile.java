package dev.agentfactory.scheduler.reconcile;

import dev.agentfactory.scheduler.policy.PolicyStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * The safety net: a tick (af.scheduler.fallback-tick, default 30s) that reconciles when no reconcile ran for the
 * policy's fallbackInterval (default 5 min), recovering from missed depth events and advancing timeouts
 * (idle drain, drain timeout, command retries) while the queue is quiet.
 */
@ApplicationScoped
public class FallbackReconcile {

    private final PolicyStore policies;
    private final ReconcileTrigger trigger;

    public FallbackReconcile(PolicyStore policies, ReconcileTrigger trigger) {
        this.policies = policies;
        this.trigger = trigger;
    }

    @Scheduled(every = "${af.scheduler.fallback-tick:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> tick() {
        return policies.current().map(effective -> {
            if (!trigger.lastRun().plus(effective.policy().fallbackInterval()).isAfter(Instant.now())) {
                trigger.request("fallback");
                return true;
            }
            return false;
        }).replaceWithVoid();
    }
}
