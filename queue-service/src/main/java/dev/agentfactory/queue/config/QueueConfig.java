package dev.agentfactory.queue.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Queue policy: leases, retries, long polls, recovery and depth reporting. */
@ConfigMapping(prefix = "af.queue")
public interface QueueConfig {

    /** How long a claim holds its message without a heartbeat. */
    @WithDefault("60s")
    Duration leaseDuration();

    /** Longest long-poll a claim may ask for. */
    @WithDefault("30s")
    Duration maxWait();

    /**
     * A waiting claim re-checks this often even without a notification: for delayed heads whose alarm was lost with
     * the instance that set it, and whatever a lost listener connection missed.
     */
    @WithDefault("1s")
    Duration waitRecheck();

    /** Retry policy of failed and expired deliveries. */
    Retry retry();

    /** How often the sweeper recovers expired leases and repairs inconsistent rows. */
    @WithDefault("1s")
    Duration sweepInterval();

    /** How often rows that lost their lease metadata are looked for and repaired. */
    @WithDefault("10s")
    Duration repairInterval();

    /** Most expired leases recovered per sweep. */
    @WithDefault("500")
    int sweepBatch();

    /** Depth is published on change at most this often, per workspace. */
    @WithDefault("250ms")
    Duration depthMinInterval();

    /** Depth is published at least this often, per workspace, changed or not. */
    @WithDefault("15s")
    Duration depthHeartbeat();

    /** A worker without a claim for this long is reported idle (worker.idle). */
    @WithDefault("60s")
    Duration idleAfter();

    /** Largest number of dead letters one list call returns. */
    @WithDefault("200")
    int deadLetterPageMax();

    /** Group commit of completions and claims. */
    Batch batch();

    /** skills-service calls of the hydration bundle. */
    Skills skills();

    /** Snapshot archives. */
    Snapshots snapshots();

    /** How long completed messages are kept. */
    Retention retention();

    interface Batch {
        /** Most completions and claims sharing one transaction. */
        @WithDefault("64")
        int maxSize();

        /** Batches in the database at once; more requests wait for one of them to finish. */
        @WithDefault("1")
        int maxInFlight();
    }

    interface Skills {
        /** Longest wait for one call, retries included in their own attempts. */
        @WithDefault("2s")
        Duration timeout();

        /** Consecutive failures that open the circuit breaker. */
        @WithDefault("5")
        int breakerThreshold();

        /** How long an open breaker refuses calls before a trial call. */
        @WithDefault("10s")
        Duration breakerOpen();
    }

    interface Snapshots {
        /** Directory of the filesystem blob store. */
        @WithDefault("data/snapshots")
        String dir();

        /** Largest accepted archive; its content streams to the blob store, so this is not bounded by memory. */
        @WithDefault("268435456")
        long maxBytes();

        /**
         * A ready snapshot that a newer one of the same conversation replaced is deleted, archive and all, this long
         * after the newer one became ready: long enough for a worker handed the older one just before to fetch it.
         */
        @WithDefault("1h")
        Duration keepSuperseded();

        /** A snapshot never finalized (or failed) is deleted this long after its upload began. */
        @WithDefault("24h")
        Duration abandonedAfter();

        /** How often superseded and abandoned snapshots, and archives no snapshot refers to, are looked for. */
        @WithDefault("10m")
        Duration pruneInterval();

        /** Most snapshots deleted in one statement of a pruning run. */
        @WithDefault("500")
        int pruneBatch();
    }

    interface Retention {
        /**
         * Completed messages are deleted this long after they finished (their lifecycle events stay in the event
         * log). Keep it well above the longest time a Kafka record can be redelivered: a redelivered record of a
         * deleted message would be stored again.
         */
        @WithDefault("7d")
        Duration completed();

        /** How often deletable messages are looked for. */
        @WithDefault("1m")
        Duration interval();

        /** Rows looked at per statement (each statement is its own short transaction). */
        @WithDefault("1000")
        int batch();
    }

    interface Retry {
        /** Deliveries before a message is dead-lettered. */
        @WithDefault("5")
        int maxAttempts();

        /** Smallest delay before a retry. */
        @WithDefault("1s")
        Duration base();

        /** Growth factor of the decorrelated-jitter upper bound (previous delay times factor). */
        @WithDefault("3")
        double factor();

        /** Largest delay before a retry. */
        @WithDefault("5m")
        Duration cap();
    }
}
