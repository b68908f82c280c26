package dev.agentfactory.queue.claim;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Long-polling claims of this instance, oldest first. A wake-up releases only as many waiters as there may be
 * claimable conversations, so one new message does not send every idle worker to the database.
 */
@ApplicationScoped
public class Waiters {

    private final Vertx vertx;
    private final ConcurrentLinkedDeque<Waiter> queue = new ConcurrentLinkedDeque<>();

    public Waiters(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Completes when woken or after {@code maxMs}, whichever comes first. */
    public Uni<Void> await(long maxMs) {
        return Uni.createFrom().emitter(emitter -> {
            Waiter waiter = new Waiter(() -> emitter.complete(null));
            queue.add(waiter);
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
