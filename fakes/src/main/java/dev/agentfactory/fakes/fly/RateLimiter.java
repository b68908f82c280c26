package dev.agentfactory.fakes.fly;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One token bucket per (action, scope), scope being the machine or, for app-level actions, the app. */
final class RateLimiter {

    static final String GET_MACHINE = "machine.get";

    private final Clock clock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private volatile RateLimitPolicy policy;

    RateLimiter(Clock clock, RateLimitPolicy policy) {
        this.clock = clock;
        this.policy = policy;
    }

    void policy(RateLimitPolicy newPolicy) {
        policy = newPolicy;
        buckets.clear();
    }

    RateLimitPolicy policy() {
        return policy;
    }

    /** True when the call may proceed; false means 429. */
    boolean tryAcquire(String action, String scope) {
        RateLimitPolicy current = policy;
        if (!current.enabled()) {
            return true;
        }
        boolean get = GET_MACHINE.equals(action);
        long now = clock.millis();
        TokenBucket bucket = buckets.computeIfAbsent(action + "|" + scope, k -> get
                ? new TokenBucket(current.getBurst(), current.getPerSecond(), now)
                : new TokenBucket(current.burst(), current.perSecond(), now));
        return bucket.tryTake(now);
    }
}
