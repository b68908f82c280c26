package dev.agentfactory.fakes.fly;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Injected failures and delays; all counters are consumed atomically, so tests may inject from any thread. */
final class Faults {

    final AtomicInteger rateLimitBurst = new AtomicInteger();
    final AtomicInteger rateLimitRetryAfter = new AtomicInteger(-1);
    final AtomicInteger serverErrors = new AtomicInteger();
    final AtomicInteger serverErrorStatus = new AtomicInteger(503);
    final AtomicInteger insufficientCapacity = new AtomicInteger();
    final AtomicInteger failBoots = new AtomicInteger();
    final AtomicLong latencyMs = new AtomicLong();

    /** Consumes one unit of {@code counter}; true when there was one. */
    static boolean take(AtomicInteger counter) {
        return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    void clear() {
        rateLimitBurst.set(0);
        rateLimitRetryAfter.set(-1);
        serverErrors.set(0);
        serverErrorStatus.set(503);
        insufficientCapacity.set(0);
        failBoots.set(0);
        latencyMs.set(0);
    }
}
