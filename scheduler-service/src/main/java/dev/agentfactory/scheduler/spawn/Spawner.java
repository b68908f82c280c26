package dev.agentfactory.scheduler.spawn;

import dev.agentfactory.platform.auth.AuthConfig;
import dev.agentfactory.platform.auth.WorkerTokens;
import dev.agentfactory.scheduler.fleet.WorkerStore;
import dev.agentfactory.scheduler.policy.ScalingPolicy;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Second half of a spawn, outside the reconcile transaction because it calls skills-service: mint the worker's
 * token, store it in skills as {@code worker.token.<workerId>}, then emit {@code create:<workerId>} once.
 * A slot whose secret could not be stored stays pending and is completed by the next reconcile; the
 * conditional update plus the command ledger make "exactly one create per slot" hold across retries,
 * concurrent reconciles and restarts.
 */
@ApplicationScoped
public class Spawner {

    private static final Logger LOG = Logger.getLogger(Spawner.class);

    private final Pool pool;
    private final WorkerStore workers;
    private final ProviderCommands commands;
    private final WorkerTokens tokens;
    private final SkillsSecretsClient skills;
    private final String serviceKey;

    public Spawner(Pool pool, WorkerStore workers, ProviderCommands commands, WorkerTokens tokens,
                   @RestClient SkillsSecretsClient skills, AuthConfig auth) {
        this.pool = pool;
        this.workers = workers;
        this.commands = commands;
        this.tokens = tokens;
        this.skills = skills;
        this.serviceKey = auth.serviceApiKey().orElse("");
    }

    /** @return how many create commands this call emitted */
    public Uni<Integer> completePendingCreates(ScalingPolicy policy) {
        return workers.pendingCreates(pool)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(workerId -> complete(workerId, policy))
                .collect().asList()
                .map(results -> (int) results.stream().filter(Boolean::booleanValue).count());
    }

    private Uni<Boolean> complete(String workerId, ScalingPolicy policy) {
        return skills.put(commands.tokenRef(workerId), "Bearer " + serviceKey,
                        new SkillsSecretsClient.SecretValue(tokens.mint(workerId)))
                .chain(() -> pool.withTransaction(tx -> workers.markCreateRequested(tx, workerId, Instant.now())
                        .chain(mine -> mine ? commands.create(tx, workerId, policy.machine()) : Uni.createFrom().item(false))))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("worker %s: create postponed, its token could not be stored in skills-service (%s)",
                            workerId, failure.getMessage());
                    return false;
                });
    }
}
