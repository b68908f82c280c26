package dev.agentfactory.provider.command;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofSeconds(60));

    @Test
    void exponentialWithJitterCappedAndRetryAfterWins() {
        for (int i = 0; i < 50; i++) {
            long first = policy.delayAfter(1, null).toMillis();
            assertTrue(first >= 1000 && first <= 2000, "first backoff " + first);
            long third = policy.delayAfter(3, null).toMillis();
            assertTrue(third >= 4000 && third <= 8000, "third backoff " + third);
            long late = policy.delayAfter(30, null).toMillis();
            assertTrue(late >= 30_000 && late <= 60_000, "capped backoff " + late);
        }
        assertEquals(Duration.ofSeconds(90), policy.delayAfter(1, Duration.ofSeconds(90)));
    }

    @Test
    void givesUpAfterMaxAttempts() {
        assertFalse(policy.exhausted(4));
        assertTrue(policy.exhausted(5));
    }
}
