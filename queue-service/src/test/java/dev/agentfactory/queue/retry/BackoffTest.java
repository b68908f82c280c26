package dev.agentfactory.queue.retry;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    @Test
    void firstDelayLiesBetweenBaseAndBaseTimesFactor() {
        assertEquals(1000, new Backoff(1000, 3, 300_000, () -> 0.0).nextDelayMs(0));
        assertEquals(3000, new Backoff(1000, 3, 300_000, () -> 0.999_999_9).nextDelayMs(0), 1);
    }

    @Test
    void growsFromThePreviousDelayAndStopsAtTheCap() {
        Backoff top = new Backoff(1000, 3, 20_000, () -> 0.999_999_9);
        long delay = 0;
        long[] expected = {3000, 9000, 20_000, 20_000};
        for (long bound : expected) {
            delay = top.nextDelayMs(delay);
            assertEquals(bound, delay, 10);
        }
        Backoff random = new Backoff(1000, 3, 20_000, Math::random);
        long previous = 0;
        for (int i = 0; i < 1000; i++) {
            long next = random.nextDelayMs(previous);
            assertTrue(next >= 1000 && next <= random.upperBoundMs(previous), next + " after " + previous);
            previous = next;
        }
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 3, 1000, Math::random));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(1000, 0.5, 1000, Math::random));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(1000, 3, 10, Math::random));
    }
}
