package dev.agentfactory.queue.claim;

import io.vertx.mutiny.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class WaitersTest {

    private static final long LONG_WAIT_MS = 60_000;
    private static final String WORKER = "w-1";
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

        waiters.await(WORKER, LONG_WAIT_MS, seen).await().atMost(Duration.ofSeconds(5));
        assertEquals(0, waiters.size());
    }

    @Test
    void withoutNewsAWaiterSleepsUntilWoken() throws Exception {
        CompletableFuture<Job> waiting = waiters.await(WORKER, LONG_WAIT_MS, waiters.wakeUps()).subscribeAsCompletionStage();
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
        CompletableFuture<Job> first = waiters.await(WORKER, LONG_WAIT_MS, seen).subscribeAsCompletionStage();
        CompletableFuture<Job> second = waiters.await(WORKER, LONG_WAIT_MS, seen).subscribeAsCompletionStage();

        waiters.wake(1);
        first.get(5, TimeUnit.SECONDS);
        Thread.sleep(200);
        assertFalse(second.isDone(), "the second waiter keeps waiting");
        assertEquals(1, waiters.size());
    }

    @Test
    void aTakenWaiterIsAnsweredOnlyByItsTaker() throws Exception {
        long seen = waiters.wakeUps();
        CompletableFuture<Job> first = waiters.await("w-first", LONG_WAIT_MS, seen).subscribeAsCompletionStage();
        CompletableFuture<Job> second = waiters.await("w-second", 100, seen).subscribeAsCompletionStage();

        Waiters.Waiter taken = waiters.take();
        assertEquals("w-first", taken.workerId(), "the oldest waiter first");
        waiters.wake(1); // reaches the second waiter, not the taken one
        second.get(5, TimeUnit.SECONDS);
        assertFalse(first.isDone(), "a taken waiter waits for its taker");
        assertNull(waiters.take(), "nobody else waits");

        Job job = new Job(UUID.randomUUID(), Instant.now(), "m-1", "c-1", "agent", "ws", 0, "api", Instant.now(),
                null, null, 1, "w-first", false, false);
        taken.deliver(job);
        assertSame(job, first.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aWaiterWhoseWaitEndedCannotBeTaken() throws Exception {
        CompletableFuture<Job> waiting = waiters.await(WORKER, 50, waiters.wakeUps()).subscribeAsCompletionStage();
        assertNull(waiting.get(5, TimeUnit.SECONDS), "the wait ended without a job");
        assertNull(waiters.take());
    }
}
