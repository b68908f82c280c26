package dev.agentfactory.queue.retry;

import dev.agentfactory.queue.config.QueueConfig;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Decorrelated jitter: the next delay is uniform in [base, previous × factor], capped. Spreads retries of
 * messages that failed together while still growing exponentially with repeated failures.
 */
public final class Backoff {

    private final long baseMs;
    private final double factor;
    private final long capMs;
    private final DoubleSupplier random;

    public Backoff(long baseMs, double factor, long capMs, DoubleSupplier random) {
        if (baseMs <= 0 || factor < 1 || capMs < baseMs) {
            throw new IllegalArgumentException("need 0 < base <= cap and factor >= 1");
        }
        this.baseMs = baseMs;
        this.factor = factor;
        this.capMs = capMs;
        this.random = random;
    }

    public static Backoff of(QueueConfig.Retry retry) {
        return new Backoff(retry.base().toMillis(), retry.factor(), retry.cap().toMillis(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param previousMs the last delay of this message (0 before its first retry) */
    public long nextDelayMs(long previousMs) {
        long upper = upperBoundMs(previousMs);
        return Math.min(capMs, baseMs + (long) (random.getAsDouble() * (upper - baseMs)));
    }

    /** The largest delay {@link #nextDelayMs} can return for this previous delay. */
    public long upperBoundMs(long previousMs) {
        double grown = Math.max(baseMs, previousMs) * factor;
        return (long) Math.min(capMs, Math.max(baseMs, grown));
    }

    public long baseMs() {
        return baseMs;
    }
}
