package dev.agentfactory.provider.command;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed attempt is retried: exponential from {@code base}, capped, with jitter in [d/2, d]; a
 * provider's Retry-After, when longer, wins.
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration max) {

    /** Delay before attempt {@code attempt + 1}, after {@code attempt} attempts failed. */
    public Duration delayAfter(int attempt, Duration retryAfter) {
        long exponential = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        long capped = Math.min(exponential, max.toMillis());
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        Duration delay = Duration.ofMillis(jittered);
        return retryAfter != null && retryAfter.compareTo(delay) > 0 ? retryAfter : delay;
    }

    public boolean exhausted(int attempt) {
        return attempt >= maxAttempts;
    }
}
