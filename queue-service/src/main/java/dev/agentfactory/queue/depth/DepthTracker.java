package dev.agentfactory.queue.depth;

import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.EventFactory;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.outbox.Outbox;
import dev.agentfactory.queue.config.QueueConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes {@code queue.depth} per workspace through the outbox: after a change, coalesced to at most one
 * measurement per {@code depth-min-interval} (stretched to twenty times the last measurement's duration, so
 * counting a huge backlog never takes more than a twentieth of the database's time: the count competes with
 * the claims for the same cores), and for every known workspace at least every {@code depth-heartbeat}.
 */
@ApplicationScoped
public class DepthTracker {

    static final String TYPE = "queue.depth";
    private static final Logger LOG = Logger.getLogger(DepthTracker.class);

    private final DepthStore store;
    private final Pool pool;
    private final Outbox outbox;
    private final EventFactory events;
    private final Vertx vertx;
    private final QueueConfig config;
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile long nextAllowedNanos;
    private volatile long lastHeartbeatNanos = System.nanoTime();
    private long timer = -1;

    public DepthTracker(DepthStore store, Pool pool, Outbox outbox, EventFactory events, Vertx vertx,
                        QueueConfig config) {
        this.store = store;
        this.pool = pool;
        this.outbox = outbox;
        this.events = events;
        this.vertx = vertx;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(Math.max(10, config.depthMinInterval().toMillis() / 2), id -> tick());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    public void changed(String workspaceId) {
        dirty.add(workspaceId);
    }

    private void tick() {
        long now = System.nanoTime();
        boolean heartbeat = now - lastHeartbeatNanos >= config.depthHeartbeat().toNanos();
        if ((dirty.isEmpty() && !heartbeat) || now < nextAllowedNanos || !running.compareAndSet(false, true)) {
            return;
        }
        List<String> workspaces = new ArrayList<>(dirty);
        dirty.removeAll(workspaces);
        if (heartbeat) {
            lastHeartbeatNanos = now;
        }
        publish(workspaces, heartbeat).subscribe().with(ok -> finish(now), failure -> {
            LOG.warnf("depth publication failed: %s", failure.getMessage());
            dirty.addAll(workspaces);
            finish(now);
        });
    }

    private void finish(long startedNanos) {
        long took = System.nanoTime() - startedNanos;
        nextAllowedNanos = System.nanoTime() + Math.max(config.depthMinInterval().toNanos() - took, 19 * took);
        running.set(false);
    }

    private Uni<Void> publish(List<String> workspaces, boolean everyWorkspace) {
        String only = !everyWorkspace && workspaces.size() == 1 ? workspaces.get(0) : null;
        return store.measure(only).chain(measured -> {
            known.addAll(measured.keySet());
            known.addAll(workspaces);
            List<EventEnvelope> out = new ArrayList<>();
            Instant now = Instant.now();
            for (String workspace : everyWorkspace ? known : Set.copyOf(workspaces)) {
                Depth depth = measured.getOrDefault(workspace, Depth.empty(workspace, now));
                out.add(events.create(TYPE, workspace, depth));
            }
            return pool.withTransaction(tx -> outbox.appendAll(tx, Topics.QUEUE_DEPTH, out));
        });
    }

    /** Fresh figures for the stats endpoint. */
    public Uni<Map<String, Depth>> measureAll() {
        return store.measure(null);
    }
}
