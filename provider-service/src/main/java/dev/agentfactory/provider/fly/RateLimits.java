package dev.agentfactory.provider.fly;

import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Client-side token buckets, one per (action, machine or app), so the provider never exceeds Fly's limits
 * instead of bumping into them. A caller reserves a token and waits until it is due (FIFO per bucket).
 */
public final class RateLimits {

    public static final String GET_MACHINE = "machine.get";

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final double perSecond;
    private final int burst;
    private final double getPerSecond;
    private final int getBurst;
    private final LongSupplier nanoClock;

    public RateLimits(double perSecond, int burst, double getPerSecond, int getBurst, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.getPerSecond = getPerSecond;
        this.getBurst = getBurst;
        this.nanoClock = nanoClock;
    }

    /** How long the caller must wait before sending; the token is reserved from now on. */
    public Duration reserve(String action, String scope) {
        boolean get = GET_MACHINE.equals(action);
        Bucket bucket = buckets.computeIfAbsent(action + "|" + scope, k -> get
                ? new Bucket(getBurst, getPerSecond, nanoClock.getAsLong())
                : new Bucket(burst, perSecond, nanoClock.getAsLong()));
        return Duration.ofNanos(bucket.reserve(nanoClock.getAsLong()));
    }

    /** Completes when a token of the bucket is due; the token is reserved at each subscription. */
    public Uni<Void> acquire(String action, String scope) {
        return Uni.createFrom().deferred(() -> {
            Duration wait = reserve(action, scope);
            return wait.isZero() ? Uni.createFrom().voidItem() : Uni.createFrom().voidItem().onItem().delayIt().by(wait);
        });
    }

    /** A token bucket whose level may go negative: the deficit is the queue of reservations not yet due. */
    static final class Bucket {
        private final double capacity;
        private final double perNano;
        private double tokens;
        private long last;

        Bucket(int capacity, double perSecond, long now) {
            this.capacity = capacity;
            this.perNano = perSecond / 1_000_000_000d;
            this.tokens = capacity;
            this.last = now;
        }

        synchronized long reserve(long now) {
            if (now > last) {
                tokens = Math.min(capacity, tokens + (now - last) * perNano);
                last = now;
            }
            tokens -= 1;
            return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
        }
    }
}
