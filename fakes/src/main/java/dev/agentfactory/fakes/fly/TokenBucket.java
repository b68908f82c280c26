package dev.agentfactory.fakes.fly;

/** A classic token bucket refilled continuously from a millisecond clock. */
final class TokenBucket {

    private final int capacity;
    private final double perMilli;
    private double tokens;
    private long lastMillis;

    TokenBucket(int capacity, double perSecond, long nowMillis) {
        this.capacity = capacity;
        this.perMilli = perSecond / 1000.0;
        this.tokens = capacity;
        this.lastMillis = nowMillis;
    }

    /** Takes one token if there is one. */
    synchronized boolean tryTake(long nowMillis) {
        if (nowMillis > lastMillis) {
            tokens = Math.min(capacity, tokens + (nowMillis - lastMillis) * perMilli);
            lastMillis = nowMillis;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
