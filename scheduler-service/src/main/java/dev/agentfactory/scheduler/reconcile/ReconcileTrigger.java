package dev.agentfactory.scheduler.reconcile;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Coalesces reconcile requests: one runs at a time; requests arriving meanwhile collapse into one follow-up
 * run, so a burst of depth events costs at most two reconciles and the last one sees the latest figures.
 */
@ApplicationScoped
public class ReconcileTrigger {

    private static final Logger LOG = Logger.getLogger(ReconcileTrigger.class);

    private final Reconciler reconciler;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicReference<String> pending = new AtomicReference<>();
    private volatile Instant lastRun = Instant.EPOCH;
    private volatile boolean stopped;

    public ReconcileTrigger(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    /** Asks for a reconcile as soon as possible; returns at once. */
    public void request(String trigger) {
        if (stopped) {
            return;
        }
        pending.set(trigger);
        if (!running.compareAndSet(false, true)) {
            return; // the running reconcile loops once more because pending is set
        }
        String next = pending.getAndSet(null);
        if (next == null) {
            running.set(false);
            return;
        }
        lastRun = Instant.now();
        reconciler.reconcile(next).subscribe().with(outcome -> done(), failure -> {
            LOG.warnf("reconcile (%s) failed: %s", next, failure.getMessage());
            done();
        });
    }

    /** When a reconcile last started (from this replica). */
    public Instant lastRun() {
        return lastRun;
    }

    public void ran() {
        lastRun = Instant.now();
    }

    private void done() {
        running.set(false);
        String again = pending.get();
        if (again != null) {
            request(again);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
    }
}
