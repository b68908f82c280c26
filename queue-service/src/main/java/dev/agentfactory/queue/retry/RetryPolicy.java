package dev.agentfactory.queue.retry;

import dev.agentfactory.queue.config.QueueConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** Decides between a retry (with its delay) and a dead letter. */
@ApplicationScoped
public class RetryPolicy {

    private final Backoff backoff;
    private final int maxAttempts;

    public RetryPolicy(QueueConfig config) {
        this.backoff = Backoff.of(config.retry());
        this.maxAttempts = config.retry().maxAttempts();
    }

    /** @param attempt deliveries so far, including the one that just failed */
    public boolean exhausted(int attempt) {
        return attempt >= maxAttempts;
    }

    public long nextDelayMs(long previousDelayMs) {
        return backoff.nextDelayMs(previousDelayMs);
    }
}
