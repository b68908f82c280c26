package dev.agentfactory.provider.fly;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RateLimitsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimits limits = new RateLimits(1, 3, 5, 10, now::get);

    @Test
    void burstThenOnePerSecondQueuedInOrder() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, limits.reserve("machines.create", "app"));
        }
        assertEquals(Duration.ofSeconds(1), limits.reserve("machines.create", "app"));
        assertEquals(Duration.ofSeconds(2), limits.reserve("machines.create", "app"));
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertEquals(Duration.ofSeconds(1), limits.reserve("machines.create", "app"));
    }

    @Test
    void bucketsArePerActionAndScopeAndGetMachineHasItsOwnLimit() {
        for (int i = 0; i < 3; i++) {
            limits.reserve("machine.stop", "app/m1");
        }
        assertEquals(Duration.ZERO, limits.reserve("machine.stop", "app/m2"));
        assertEquals(Duration.ZERO, limits.reserve("machine.cordon", "app/m1"));
        for (int i = 0; i < 10; i++) {
            assertEquals(Duration.ZERO, limits.reserve(RateLimits.GET_MACHINE, "app/m1"));
        }
        assertEquals(Duration.ofMillis(200), limits.reserve(RateLimits.GET_MACHINE, "app/m1"));
    }
}
