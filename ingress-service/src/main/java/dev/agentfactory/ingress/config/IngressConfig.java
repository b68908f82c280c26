package dev.agentfactory.ingress.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Behaviour of ingress: Telegram routing, durability answers, caches and retention. */
@ConfigMapping(prefix = "af.ingress")
public interface IngressConfig {

    /** Workspace applied when a caller names none. */
    @WithDefault("default")
    String defaultWorkspace();

    /** Priority (0..9, higher first) of messages whose caller names none, and of Telegram updates. */
    @WithDefault("5")
    int defaultPriority();

    /** Retry-After answered with a 503 when Kafka did not acknowledge the enqueue. */
    @WithDefault("5s")
    Duration retryAfter();

    /** Recently acknowledged message ids remembered per instance, to drop re-delivered updates cheaply. */
    @WithDefault("100000")
    int duplicateCacheSize();

    /** How long a binding lookup (hit or miss) is reused by the webhook before asking the database again. */
    @WithDefault("5s")
    Duration bindingCacheTtl();

    /** Binding lookups kept in memory at most. */
    @WithDefault("100000")
    int bindingCacheSize();

    /** How long an Idempotency-Key of the generic API is remembered. */
    @WithDefault("24h")
    Duration idempotencyRetention();

    /** Pairing codes. */
    Pairing pairing();

    /** Telegram webhook routing. */
    Telegram telegram();

    interface Pairing {
        /** Lifetime of a pairing code when the caller names none. */
        @WithDefault("15m")
        Duration defaultTtl();

        /** Longest lifetime a caller may ask for. */
        @WithDefault("24h")
        Duration maxTtl();
    }

    interface Telegram {
        /** Route a bound sender to the agent of its binding (otherwise always to the bot's agent). */
        @WithDefault("true")
        boolean resolveAgentKeyFromBinding();

        /** Agent of an unbound sender whose bot no single enabled agent owns. */
        @WithDefault("default")
        String fallbackAgentKey();

        /** When true, an unbound sender is answered 200, not enqueued, and counted. */
        @WithDefault("false")
        boolean requireBindingForTelegram();
    }
}
