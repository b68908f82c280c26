package dev.agentfactory.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "af.outbox")
public interface OutboxConfig {

    /** Whether this instance runs the relay at all (one replica wins the advisory lock and publishes). */
    @WithDefault("true")
    boolean enabled();

    /** Most events read and published per round. */
    @WithDefault("500")
    int batchSize();

    /**
     * Shortest time between the starts of two rounds. A quiet log publishes a commit's events at once; a busy one
     * waits at most this long and publishes the commits of that time together.
     */
    @WithDefault("20ms")
    Duration minDrainInterval();

    /** Safety net: drain even without a notification this often (notifications are the normal wake-up). */
    @WithDefault("2s")
    Duration fallbackInterval();

    /** Pause after a failed publish before the batch is retried from the cursor. */
    @WithDefault("1s")
    Duration retryBackoff();
}
