package dev.agentfactory.worker.lifecycle;

import dev.agentfactory.worker.Log;
import dev.agentfactory.worker.queue.HeartbeatAnswer;
import dev.agentfactory.worker.queue.Job;
import dev.agentfactory.worker.queue.LeaseLostException;
import dev.agentfactory.worker.queue.QueueClient;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeats one lease every third of its duration while its job runs. A 409 (lease lost) marks the lease lost, and
 * the job's next {@link #check()} aborts it; {@code shouldStop} in an answer requests a stop after this job.
 * Transient heartbeat errors are logged and retried at the next tick.
 */
public final class LeaseKeeper implements AutoCloseable {

    static final Duration MIN_INTERVAL = Duration.ofMillis(100);

    private final QueueClient queue;
    private final StopSignal stop;
    private final String leaseId;
    private final ScheduledFuture<?> task;
    private volatile boolean lost;

    LeaseKeeper(QueueClient queue, StopSignal stop, ScheduledExecutorService scheduler, Job job) {
        this.queue = queue;
        this.stop = stop;
        this.leaseId = job.leaseId();
        long every = interval(job, Instant.now()).toMillis();
        this.task = scheduler.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /** A third of the lease: from {@code leaseDurationMs} when the queue states it, else until {@code leaseExpiresAt}. */
    static Duration interval(Job job, Instant now) {
        Duration lease = job.leaseDurationMs() != null ? Duration.ofMillis(job.leaseDurationMs())
                : job.leaseExpiresAt() != null ? Duration.between(now, job.leaseExpiresAt()) : Duration.ofSeconds(60);
        Duration third = lease.dividedBy(3);
        return third.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : third;
    }

    /** Throws {@link LeaseLostException} once a heartbeat found the lease gone. */
    public void check() {
        if (lost) {
            throw new LeaseLostException(leaseId, "heartbeat answered 409");
        }
    }

    public boolean lost() {
        return lost;
    }

    private void beat() {
        if (lost) {
            return;
        }
        try {
            HeartbeatAnswer answer = queue.heartbeat(leaseId);
            if (answer.shouldStop()) {
                stop.request("heartbeat answered shouldStop");
            }
        } catch (LeaseLostException e) {
            lost = true;
            Log.warn(e.getMessage() + ": aborting the job");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Log.warn("heartbeat of lease " + leaseId + " failed, retrying next tick: " + e);
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
