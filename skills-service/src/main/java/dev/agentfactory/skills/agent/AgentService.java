package dev.agentfactory.skills.agent;

import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.outbox.Outbox;
import dev.agentfactory.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Agent profiles: every change is committed together with its catalog event (outbox). */
@ApplicationScoped
public class AgentService {

    private static final Logger LOG = Logger.getLogger(AgentService.class);

    private final Pool pool;
    private final AgentStore store;
    private final Outbox outbox;
    private final CatalogEvents events;

    public AgentService(Pool pool, AgentStore store, Outbox outbox, CatalogEvents events) {
        this.pool = pool;
        this.store = store;
        this.outbox = outbox;
        this.events = events;
    }

    public record Saved(AgentProfile profile, boolean created) {
    }

    public Uni<Saved> put(String agentKey, AgentRequest request) {
        List<String> refs = request.secretsRef() == null ? List.of() : request.secretsRef();
        if (new LinkedHashSet<>(refs).size() != refs.size()) {
            throw ProblemException.invalid("secretsRef", "must not repeat a ref");
        }
        BridgeConfig bridge = request.bridgeConfig() == null ? BridgeConfig.DISABLED : request.bridgeConfig();
        return pool.withTransaction(tx -> store.find(tx, agentKey, true).chain(existing -> {
            checkExpected(request.expectedVersion(), existing);
            Instant now = now();
            if (existing.isEmpty()) {
                AgentProfile created = new AgentProfile(agentKey, 1, request.enabled(), List.copyOf(refs), bridge,
                        null, null, null, null, now, now);
                return write(tx, created).replaceWith(new Saved(created, true));
            }
            AgentProfile current = existing.get();
            AgentProfile changed = current.withSettings(request.enabled(), List.copyOf(refs), bridge);
            if (changed.sameContent(current)) {
                return Uni.createFrom().item(new Saved(current, false));
            }
            AgentProfile next = changed.nextRevision(now);
            return write(tx, next).replaceWith(new Saved(next, false));
        }));
    }

    /**
     * Changes a profile inside the caller's transaction and appends its event; no event when nothing changed.
     * 404 when the agent does not exist.
     */
    public Uni<AgentProfile> modify(SqlClient tx, String agentKey, Function<AgentProfile, Uni<AgentProfile>> change) {
        return store.find(tx, agentKey, true).chain(existing -> {
            AgentProfile current = existing.orElseThrow(() -> notFound(agentKey));
            return change.apply(current).chain(changed -> {
                if (changed.sameContent(current)) {
                    return Uni.createFrom().item(current);
                }
                AgentProfile next = changed.nextRevision(now());
                return write(tx, next).replaceWith(next);
            });
        });
    }

    public Uni<AgentProfile> get(String agentKey) {
        return store.find(pool, agentKey, false).map(found -> found.orElseThrow(() -> notFound(agentKey)));
    }

    public Uni<Optional<AgentProfile>> find(SqlClient client, String agentKey) {
        return store.find(client, agentKey, false);
    }

    public Uni<List<AgentProfile>> list(String after, int limit) {
        return store.list(pool, after, limit);
    }

    public Uni<Void> delete(String agentKey) {
        return pool.withTransaction(tx -> store.delete(tx, agentKey).chain(deleted -> {
            if (!deleted) {
                throw notFound(agentKey);
            }
            LOG.infof("deleted agent %s", agentKey);
            return outbox.append(tx, Topics.CATALOG_AGENTS, events.deleted(agentKey, now()));
        }));
    }

    private Uni<Void> write(SqlClient tx, AgentProfile profile) {
        LOG.infof("agent %s is now at version %d", profile.agentKey(), profile.revision());
        return store.save(tx, profile).chain(() -> outbox.append(tx, Topics.CATALOG_AGENTS, events.updated(profile)));
    }

    private static void checkExpected(Long expected, Optional<AgentProfile> existing) {
        if (expected == null) {
            return;
        }
        long current = existing.map(AgentProfile::revision).orElse(0L);
        if (current != expected) {
            throw ProblemException.conflict("version-mismatch",
                    "expectedVersion is " + expected + " but the agent is at version " + current);
        }
    }

    static ProblemException notFound(String agentKey) {
        return ProblemException.notFound("no agent '" + agentKey + "'");
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
