package dev.agentfactory.queue.claim;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Long-polling claims of this instance, oldest first. A wake-up releases only as many waiters as there may be
 * claimable conversations, so one new message does not send every idle worker to the database; a waiter can also
 * be taken out to be handed a job claimed for it elsewhere ({@link HandOff}).
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
     * Waits for news on behalf of {@code workerId}: completes with a job handed to it, or with null when woken or
     * after {@code maxMs}, whichever comes first; with null at once if a wake-up happened since the caller read
     * {@code seenWakeUps}.
     */
    public Uni<Job> await(String workerId, long maxMs, long seenWakeUps) {
        return Uni.createFrom().emitter(emitter -> {
            Waiter waiter = new Waiter(workerId, emitter::complete);
            queue.add(waiter);
            // checked after joining the queue: a later wake-up finds this waiter, an earlier one moved the count
            if (wakeUps.get() != seenWakeUps) {
                queue.remove(waiter);
                waiter.release();
                return;
            }
            waiter.timer = vertx.setTimer(Math.max(1, maxMs), id -> {
                queue.remove(waiter);
                waiter.release();
            });
            emitter.onTermination(() -> {
                queue.remove(waiter);
                vertx.cancelTimer(waiter.timer);
            });
        });
    }

    /** Releases up to {@code count} waiters, oldest first. */
    public void wake(int count) {
        wakeUps.incrementAndGet();
        int released = 0;
        while (released < count) {
            Waiter waiter = take();
            if (waiter == null) {
                return;
            }
            waiter.deliver(null);
            released++;
        }
    }

    /**
     * Takes the oldest waiter out of the queue for a job claimed on its behalf: from now on only the taker
     * answers it, with {@link Waiter#deliver}.
     *
     * @return the waiter, or null when nobody waits
     */
    public Waiter take() {
        Waiter waiter;
        while ((waiter = queue.poll()) != null) {
            if (waiter.answered.compareAndSet(false, true)) {
                vertx.cancelTimer(waiter.timer);
                return waiter;
            }
            // its timer or its wake-up check answered it an instant ago
        }
        return null;
    }

    /** Takes up to {@code count} waiters, oldest first, as {@link #take()} does. */
    public List<Waiter> take(int count) {
        List<Waiter> taken = new ArrayList<>();
        Waiter waiter;
        while (taken.size() < count && (waiter = take()) != null) {
            taken.add(waiter);
        }
        return taken;
    }

    public int size() {
        return queue.size();
    }

    /** A waiting claim. */
    public static final class Waiter {
        private final String workerId;
        private final Consumer<Job> answer;
        private final AtomicBoolean answered = new AtomicBoolean();
        private volatile long timer;

        Waiter(String workerId, Consumer<Job> answer) {
            this.workerId = workerId;
            this.answer = answer;
        }

        public String workerId() {
            return workerId;
        }

        /** Answers a waiter {@linkplain #take() taken} from the queue: with a job, or null to have it look again. */
        public void deliver(Job job) {
            answer.accept(job);
        }

        private void release() {
            if (answered.compareAndSet(false, true)) {
                answer.accept(null);
            }
        }
    }
}
