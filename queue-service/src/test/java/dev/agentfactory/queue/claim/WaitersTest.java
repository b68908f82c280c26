package dev.agentfactory.queue.claim;

import io.vertx.mutiny.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class WaitersTest {

    private static final long LONG_WAIT_MS = 60_000;
    private final Vertx vertx = Vertx.vertx();
    private final Waiters waiters = new Waiters(vertx);

    @AfterEach
    void close() {
        vertx.closeAndAwait();
    }

    @Test
    void aWakeUpBetweenLookingForWorkAndWaitingIsNotSleptThrough() {
        long seen = waiters.wakeUps();
        waiters.wake(1); // nobody waits yet: without the count this news would be lost until the recheck

        waiters.await(LONG_WAIT_MS, seen).await().atMost(Duration.ofSeconds(5));
        assertEquals(0, waiters.size());
    }

    @Test
    void withoutNewsAWaiterSleepsUntilWoken() throws Exception {
        CompletableFuture<Void> waiting = waiters.await(LONG_WAIT_MS, waiters.wakeUps()).subscribeAsCompletionStage();
        Thread.sleep(200);
        assertFalse(waiting.isDone());
        assertEquals(1, waiters.size());

        waiters.wake(1);
        waiting.get(5, TimeUnit.SECONDS);
        assertEquals(0, waiters.size());
    }

    @Test
    void aWakeUpReleasesOnlyAsManyWaitersAsItAnnounces() throws Exception {
        long seen = waiters.wakeUps();
        CompletableFuture<Void> first = waiters.await(LONG_WAIT_MS, seen).subscribeAsCompletionStage();
        CompletableFuture<Void> second = waiters.await(LONG_WAIT_MS, seen).subscribeAsCompletionStage();

        waiters.wake(1);
        first.get(5, TimeUnit.SECONDS);
        Thread.sleep(200);
        assertFalse(second.isDone(), "the second waiter keeps waiting");
        assertEquals(1, waiters.size());
    }
}
