package dev.agentfactory.fakes.fly;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/** Options of a {@link FakeFlyMachinesApi}; package-private fields are read by its constructor. */
public final class FakeFlyMachinesApiBuilder {
    final Set<String> tokens = new CopyOnWriteArraySet<>();
    long bootDelayMs = 300;
    long stopDelayMs = 100;
    Clock clock = Clock.systemUTC();
    RateLimitPolicy rateLimits = RateLimitPolicy.FLY;
    String defaultRegion = "iad";

    FakeFlyMachinesApiBuilder() {
    }

    /** Tokens accepted after {@code Bearer } or {@code FlyV1 }. */
    public FakeFlyMachinesApiBuilder tokens(String... accepted) {
        tokens.addAll(List.of(accepted));
        return this;
    }

    /** How long starting → started takes (default 300 ms). */
    public FakeFlyMachinesApiBuilder bootDelayMs(long millis) {
        bootDelayMs = millis;
        return this;
    }

    /** How long stopping/suspending/destroying take (default 100 ms). */
    public FakeFlyMachinesApiBuilder stopDelayMs(long millis) {
        stopDelayMs = millis;
        return this;
    }

    /** Clock for timestamps, leases and rate-limit refill (a fixed clock never refills). */
    public FakeFlyMachinesApiBuilder clock(Clock value) {
        clock = value;
        return this;
    }

    public FakeFlyMachinesApiBuilder rateLimits(RateLimitPolicy policy) {
        rateLimits = policy;
        return this;
    }

    /** Region of machines and volumes created without one (default iad). */
    public FakeFlyMachinesApiBuilder defaultRegion(String region) {
        defaultRegion = region;
        return this;
    }

    public FakeFlyMachinesApi build() {
        return new FakeFlyMachinesApi(this);
    }
}
