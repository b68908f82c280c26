package dev.agentfactory.worker.lifecycle;

import dev.agentfactory.worker.Log;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The worker's stop state. A stop (shouldStop from the queue, SIGTERM) lets the current job finish; a worker that is
 * only waiting in a long-poll claim is interrupted so it stops at once. {@link #awaitFinished} lets a signal handler
 * wait until the loop has uploaded its final snapshots.
 */
public final class StopSignal {

    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile String reason;
    private Thread idleThread;

    public synchronized void request(String why) {
        if (reason == null) {
            reason = why;
            Log.info("stop requested: " + why);
        }
        if (idleThread != null) {
            idleThread.interrupt();
        }
    }

    public boolean requested() {
        return reason != null;
    }

    public String reason() {
        return reason;
    }

    /** Marks the calling thread as idle (interruptible by a stop); false when a stop is already requested. */
    synchronized boolean enterIdle() {
        if (reason != null) {
            return false;
        }
        idleThread = Thread.currentThread();
        return true;
    }

    /** Leaves idle; clears an interrupt a stop may have delivered meanwhile so the next job runs clean. */
    synchronized void exitIdle() {
        idleThread = null;
        Thread.interrupted();
    }

    void finished() {
        finished.countDown();
    }

    public boolean awaitFinished(long timeout, TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit);
    }
}
