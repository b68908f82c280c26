package dev.agentfactory.queue.claim;

import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Announces a conversation whose head comes due later (a retry's backoff, a delayed message) at the moment it does,
 * so that a long-polling worker gets it then rather than at its next re-check, up to a second later. Heads coming due
 * within {@link #GRAIN_MS} of each other share one announcement, and one timer stands for all of them: the earliest.
 * <p>
 * The alarms live in this instance only. After a restart, and on replicas that did not set them, the re-check of
 * waiting claims still finds such heads, as it did before there were alarms.
 */
@ApplicationScoped
public class DueAlarm {

    /**
     * Alarms ring on multiples of this, rounded up: a burst of retries scheduled within it shares one announcement,
     * and none rings early.
     */
    static final long GRAIN_MS = 10;

    private final Vertx vertx;
    private final ReadySignal ready;
    /** Heads coming due, by the monotonic clock's millisecond at which they do. */
    private final NavigableMap<Long, Integer> pending = new TreeMap<>();
    private long timer = -1;
    private long armedFor = Long.MAX_VALUE;

    public DueAlarm(Vertx vertx, ReadySignal ready) {
        this.vertx = vertx;
        this.ready = ready;
    }

    /**
     * Sets an alarm for a head that comes due later; nothing for any other {@link Due}. Call it once the
     * transaction that set the head's time has committed: counting from then, the alarm cannot ring before the head
     * is claimable by the database's clock, whose {@code now()} was read when the transaction began.
     */
    public void set(Due due) {
        if (due.later()) {
            long dueAt = monotonicMs() + due.inMs();
            add((dueAt + GRAIN_MS - 1) / GRAIN_MS * GRAIN_MS);
        }
    }

    private synchronized void add(long dueAt) {
        pending.merge(dueAt, 1, Integer::sum);
        if (dueAt < armedFor) {
            arm(dueAt);
        }
    }

    /** Holding the lock: points the one timer at {@code dueAt}. */
    private void arm(long dueAt) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        armedFor = dueAt;
        timer = vertx.setTimer(Math.max(1, dueAt - monotonicMs()), this::ring);
    }

    private void ring(long firedTimer) {
        int heads = 0;
        synchronized (this) {
            if (firedTimer != timer) {
                return; // replaced by an earlier alarm an instant ago; the timer now armed rings for this one too
            }
            timer = -1;
            armedFor = Long.MAX_VALUE;
            Map<Long, Integer> due = pending.headMap(monotonicMs(), true);
            for (int count : due.values()) {
                heads += count;
            }
            due.clear();
            if (!pending.isEmpty()) {
                arm(pending.firstKey());
            }
        }
        if (heads > 0) {
            ready.announce(heads);
        }
    }

    private static long monotonicMs() {
        return System.nanoTime() / 1_000_000L;
    }
}
