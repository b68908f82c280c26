package dev.agentfactory.scheduler.push;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The push dispatcher. */
@ConfigMapping(prefix = "af.scheduler.push")
public interface PushConfig {

    /** When the dispatcher runs (Quartz cron; default hourly on the hour). */
    @WithDefault("0 0 * * * ?")
    String cron();

    /** Slots up to this far in the past that were never dispatched are sent now (a missed run catches up). */
    @WithDefault("1h")
    Duration lookback();

    /** Slots up to this far ahead are enqueued now with availableAt = the slot, so they arrive on time. */
    @WithDefault("1h")
    Duration horizon();

    /** Queue priority of push messages (0..9). */
    @WithDefault("5")
    int priority();
}
