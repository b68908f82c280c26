package dev.agentfactory.queue.hydration;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens after {@code threshold} consecutive failures and then refuses calls for {@code openFor}; the first
 * call after that is a trial that closes it again on success.
 */
public final class CircuitBreaker {

    private final int threshold;
    private final long openForNanos;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicLong openUntil = new AtomicLong();

    public CircuitBreaker(int threshold, Duration openFor) {
        this.threshold = threshold;
        this.openForNanos = openFor.toNanos();
    }

    public boolean allows() {
        long until = openUntil.get();
        return until == 0 || System.nanoTime() >= until;
    }

    public void succeeded() {
        failures.set(0);
        openUntil.set(0);
    }

    public void failed() {
        if (failures.incrementAndGet() >= threshold) {
            openUntil.set(System.nanoTime() + openForNanos);
        }
    }

    public Duration retryAfter() {
        long until = openUntil.get();
        return Duration.ofNanos(Math.max(1_000_000_000L, until - System.nanoTime()));
    }
}
