package dev.agentfactory.queue.claim;

import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.inject.Vetoed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DueAlarmTest {

    private final Vertx vertx = Vertx.vertx();
    private final Announcements announcements = new Announcements(vertx);
    private final DueAlarm alarm = new DueAlarm(vertx, announcements);

    @AfterEach
    void close() {
        vertx.closeAndAwait();
    }

    @Test
    void headsComingDueTogetherShareAnAnnouncementAtTheirTime() throws Exception {
        long set = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            alarm.set(Due.in(300));
        }

        int first = announcements.next();
        assertTrue(System.nanoTime() - set >= 300_000_000L, "never before the heads are due");
        // set within a few microseconds: all in one grain of the alarm's clock, or at worst across one boundary
        Integer second = announcements.heard.poll(500, TimeUnit.MILLISECONDS);
        assertEquals(5, first + (second == null ? 0 : second), "every head announced");
        assertNull(announcements.heard.poll(100, TimeUnit.MILLISECONDS), "and no more");
    }

    @Test
    void anEarlierAlarmRingsFirstAndTheLaterOneStillRings() throws Exception {
        long set = System.nanoTime();
        alarm.set(Due.in(900));
        alarm.set(Due.in(200)); // replaces the timer pointed at the later head

        assertEquals(1, announcements.next());
        assertTrue(System.nanoTime() - set < 800_000_000L, "the earlier head did not wait for the later one");
        assertEquals(1, announcements.next());
        assertTrue(System.nanoTime() - set >= 900_000_000L, "never before the head is due");
    }

    @Test
    void headsClaimableNowOrNeverSetNoAlarm() throws Exception {
        alarm.set(Due.NOW);
        alarm.set(Due.NEVER);
        alarm.set(Due.in(0));

        assertNull(announcements.heard.poll(300, TimeUnit.MILLISECONDS));
    }

    /**
     * The ready signal without a database: records what would be announced. Vetoed, as it would otherwise inherit
     * its parent's scope and stand beside it as a second bean in the tests that start the service.
     */
    @Vetoed
    private static final class Announcements extends ReadySignal {

        final BlockingQueue<Integer> heard = new LinkedBlockingQueue<>();

        Announcements(Vertx vertx) {
            super(null, vertx, new Waiters(vertx));
        }

        @Override
        public void announce(int count) {
            heard.add(count);
        }

        int next() throws InterruptedException {
            Integer count = heard.poll(5, TimeUnit.SECONDS);
            assertTrue(count != null, "an announcement");
            return count;
        }
    }
}
