package dev.agentfactory.skills.manifest;

import dev.agentfactory.skills.skill.SkillStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rendered manifests per channel, so a booting fleet's reads cost no query. A write on this replica drops
 * them right after its commit; writes on other replicas are noticed within a second through the
 * {@code manifest_generation} row they bump. Concurrent misses share one render, and a render that started
 * before an invalidation is never kept.
 */
@ApplicationScoped
public class ManifestCache {

    private static final Logger LOG = Logger.getLogger(ManifestCache.class);

    private final ManifestStore store;
    private final SkillStore skills;
    private final Pool pool;
    private final AtomicLong generation = new AtomicLong();
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private volatile Long seenDatabaseGeneration;

    public ManifestCache(ManifestStore store, SkillStore skills, Pool pool) {
        this.store = store;
        this.skills = skills;
        this.pool = pool;
    }

    private record Slot(long generation, Uni<Manifest> render) {
    }

    public Uni<Manifest> get(String channel) {
        long current = generation.get();
        Slot slot = slots.get(channel);
        if (slot != null && slot.generation() == current) {
            return slot.render();
        }
        Slot[] created = new Slot[1];
        Uni<Manifest> render = store.released(channel)
                .map(released -> ManifestRenderer.render(channel, released))
                .onFailure().invoke(() -> slots.remove(channel, created[0]))
                .memoize().indefinitely();
        created[0] = new Slot(current, render);
        Slot winner = slots.compute(channel, (key, existing) ->
                existing != null && existing.generation() == current ? existing : created[0]);
        return winner.render();
    }

    /** Drops every rendered manifest; called after a commit that changed what manifests serve. */
    public void invalidate() {
        generation.incrementAndGet();
    }

    /** Notices writes made by other replicas. */
    @Scheduled(every = "${af.skills.manifest-poll:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> pollGeneration() {
        return skills.manifestGeneration(pool).invoke(database -> {
            Long seen = seenDatabaseGeneration;
            if (seen != null && !seen.equals(database)) {
                invalidate();
            }
            seenDatabaseGeneration = database;
        }).onFailure().invoke(f -> LOG.debugf("manifest generation poll failed: %s", f.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
