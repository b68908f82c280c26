package dev.agentfactory.queue.claim;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Long-polling claims of this instance, oldest first. A wake-up releases only as many waiters as there may be
 * claimable conversations, so one new message does not send every idle worker to the database.
 * <p>
 * Every wake-up is counted, so a claim that found nothing can tell whether a wake-up came between its query
 * and its turn to wait: it then tries again at once instead of sleeping through the news until the recheck.
 */
@ApplicationScoped
public class Waiters {

    private final Vertx vertx;
    private final ConcurrentLinkedDeque<Waiter> queue = new ConcurrentLinkedDeque<>();
    private final AtomicLong wakeUps = new AtomicLong();

    public Waiters(Vertx vertx) {
        this.vertx = vertx;
    }

    /** How many wake-ups there have been; read it before looking for work, pass it to {@link #await}. */
    public long wakeUps() {
        return wakeUps.get();
    }

    /**
     * Completes when woken or after {@code maxMs}, whichever comes first; at once if a wake-up happened since
     * the caller read {@code seenWakeUps}.
     */
    public Uni<Void> await(long maxMs, long seenWakeUps) {
        return Uni.createFrom().emitter(emitter -> {
            Waiter waiter = new Waiter(() -> emitter.complete(null));
            queue.add(waiter);
            // checked after joining the queue: a later wake-up finds this waiter, an earlier one moved the count
            if (wakeUps.get() != seenWakeUps) {
                queue.remove(waiter);
                waiter.release();
                return;
            }
            long timer = vertx.setTimer(Math.max(1, maxMs), id -> {
                queue.remove(waiter);
                waiter.release();
            });
            waiter.timer = timer;
            emitter.onTermination(() -> {
                queue.remove(waiter);
                vertx.cancelTimer(waiter.timer);
            });
        });
    }

    /** Releases up to {@code count} waiters, oldest first. */
    public void wake(int count) {
        wakeUps.incrementAndGet();
        for (int i = 0; i < count; i++) {
            Waiter waiter = queue.poll();
            if (waiter == null) {
                return;
            }
            vertx.cancelTimer(waiter.timer);
            waiter.release();
        }
    }

    public int size() {
        return queue.size();
    }

    private static final class Waiter {
        private final Runnable onRelease;
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile long timer;

        Waiter(Runnable onRelease) {
            this.onRelease = onRelease;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                onRelease.run();
            }
        }
    }
}
