package dev.agentfactory.worker.lifecycle;

import dev.agentfactory.worker.Log;
import dev.agentfactory.worker.queue.ClaimAnswer;

import java.util.concurrent.TimeUnit;

/**
 * Whether the fleet has parked this worker: entered on a {@code shouldPark} answer, left on any other answer from the
 * queue (a job, nothing, a stop) or when the worker stops. Logs once on entering and once on leaving.
 */
final class Parking {

    private final long pollMs;
    private long since = -1;

    Parking(long pollMs) {
        this.pollMs = pollMs;
    }

    boolean parked() {
        return since >= 0;
    }

    /** Follows an answer the queue gave (not a failed call, which says nothing about the fleet). */
    void follow(ClaimAnswer answer) {
        if (answer.shouldPark() && !parked()) {
            since = System.nanoTime();
            Log.info("parked by the fleet: taking no work, claiming again every " + pollMs + " ms until resumed");
        } else if (!answer.shouldPark()) {
            leave(answer.job() != null ? "got a job" : answer.shouldStop() ? "told to stop" : "claims work again");
        }
    }

    void leave(String why) {
        if (parked()) {
            Log.info("no longer parked (" + why + ") after "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since) + " ms");
            since = -1;
        }
    }
}
