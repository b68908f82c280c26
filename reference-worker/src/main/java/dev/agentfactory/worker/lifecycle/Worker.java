package dev.agentfactory.worker.lifecycle;

import dev.agentfactory.worker.Http;
import dev.agentfactory.worker.Log;
import dev.agentfactory.worker.WorkerConfig;
import dev.agentfactory.worker.engine.Engine;
import dev.agentfactory.worker.engine.Engines;
import dev.agentfactory.worker.hydration.RecentTurns;
import dev.agentfactory.worker.queue.ClaimAnswer;
import dev.agentfactory.worker.queue.Job;
import dev.agentfactory.worker.queue.QueueClient;
import dev.agentfactory.worker.skills.SkillsClient;
import dev.agentfactory.worker.skills.SkillsMaterializer;
import dev.agentfactory.worker.skills.SkillsSync;
import dev.agentfactory.worker.snapshot.ConversationDirs;
import dev.agentfactory.worker.snapshot.SnapshotClient;
import dev.agentfactory.worker.snapshot.SnapshotRestorer;
import dev.agentfactory.worker.snapshot.SnapshotUploader;
import dev.agentfactory.worker.telegram.TelegramClient;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The claim loop: long-poll a claim, run the job while heartbeating its lease, complete it (claiming the next one in
 * the same round trip when enabled), and on a stop (shouldStop or a signal) finish the current job, upload a final
 * snapshot of every conversation changed since its last snapshot, and return 0. While the fleet parks the worker
 * (shouldPark) it stays alive and claims again every {@code AF_PARK_POLL_MS} until claims work again or it is stopped.
 */
public final class Worker {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final WorkerConfig config;
    private final QueueClient queue;
    private final JobProcessor processor;
    private final SnapshotUploader uploader;
    private final StopSignal stop = new StopSignal();
    private final Parking parking;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heartbeat");
        t.setDaemon(true);
        return t;
    });

    public Worker(WorkerConfig config, Http http, Engine engine, TelegramClient telegram) {
        this.config = config;
        this.queue = new QueueClient(http, config.queueUrl(), config.workerId(), config.workerToken());
        ConversationDirs dirs = new ConversationDirs(config.workDir());
        SnapshotClient snapshots = new SnapshotClient(http, config.queueUrl(), config.workerToken());
        SkillsSync skills = new SkillsSync(new SkillsClient(http, config.skillsUrl(), config.workerToken()),
                new SkillsMaterializer(config.skillsDir()), config.skillsChannel());
        this.processor = new JobProcessor(new JobProcessor.Parts(queue, new SnapshotRestorer(snapshots, dirs), skills,
                engine, telegram, dirs, new RecentTurns(config.recentTurns())));
        this.uploader = new SnapshotUploader(snapshots, dirs, config.snapshotMaxBytes());
        this.parking = new Parking(config.parkPollMs());
    }

    public static Worker fromConfig(WorkerConfig config) {
        Http http = new Http();
        return new Worker(config, http, Engines.from(config, http), new TelegramClient(http, config.telegramApiBaseUrl()));
    }

    public StopSignal stopSignal() {
        return stop;
    }

    /** Runs until stopped; returns the process exit code (0 after a graceful stop, 1 after an unexpected error). */
    public int run() {
        Log.info("worker started: queue " + config.queueUrl() + ", engine " + config.engine() + ", work dir "
                + config.workDir());
        int code = 0;
        try {
            loop();
        } catch (InterruptedException e) {
            Log.warn("worker interrupted outside a claim; stopping");
        } catch (RuntimeException e) {
            Log.error("worker loop failed; stopping", e);
            stop.request("unexpected error");
            code = 1;
        } finally {
            heartbeats.shutdownNow();
            parking.leave("stopping");
        }
        Thread.interrupted();
        try {
            int uploaded = uploader.uploadDirty();
            Log.info("final snapshots uploaded: " + uploaded);
        } catch (IOException | InterruptedException e) {
            Log.error("final snapshots failed", e);
        }
        Log.info("worker stopped (" + stop.reason() + ")");
        stop.finished();
        return code;
    }

    private void loop() throws InterruptedException {
        ClaimAnswer next = ClaimAnswer.NOTHING;
        Duration backoff = Duration.ZERO;
        while (true) {
            if (next.shouldStop()) {
                stop.request("queue answered shouldStop");
            }
            Job job = next.job();
            if (job == null) {
                if (stop.requested() || !stop.enterIdle()) {
                    return;
                }
                try {
                    if (next.shouldPark()) {
                        // Parked: the fleet keeps this worker alive but gives it no work, and its machine is about to
                        // be suspended (frozen with its memory on Fly; SIGSTOP on the local driver). While suspended
                        // nothing runs, this sleep included. On resume the sleep returns (at most this interval is
                        // left), and the next claim is a fresh request that reaches the queue, which by then knows the
                        // worker is active again: the worker is back at work within about the interval, no restart.
                        // Hence a short sleep and a claim the queue answers at once, never a long-poll: a request held
                        // open across a suspension could hang on a connection that died meanwhile.
                        Thread.sleep(config.parkPollMs());
                    }
                    next = queue.claim(config.claimWaitMs());
                    parking.follow(next);
                    backoff = Duration.ZERO;
                } catch (InterruptedException e) {
                    return; // a stop interrupted the idle long-poll or the parked pause
                } catch (IOException | RuntimeException e) {
                    backoff = nextBackoff(backoff);
                    Log.warn("claim failed, retrying in " + backoff.toMillis() + " ms: " + e);
                    next = ClaimAnswer.NOTHING;
                    if (!idleSleep(backoff)) {
                        return;
                    }
                } finally {
                    stop.exitIdle();
                }
                continue;
            }
            try (LeaseKeeper lease = new LeaseKeeper(queue, stop, heartbeats, job)) {
                // claim-next does not long-poll: an idle wait belongs in a claim, where a stop can interrupt it
                next = processor.process(job, lease, () -> config.claimNext() && !stop.requested(), 0);
                parking.follow(next);
            }
        }
    }

    /**
     * 0.5 s doubling to 10 s; a parked worker retries its first failure after the park interval instead: a likely
     * failure after a resume is a pooled connection that the queue closed while the machine was frozen.
     */
    private Duration nextBackoff(Duration previous) {
        if (previous.isZero()) {
            return parking.parked() ? Duration.ofMillis(config.parkPollMs()) : Duration.ofMillis(500);
        }
        return min(previous.multipliedBy(2), MAX_BACKOFF);
    }

    /** Sleeps while idle; false when a stop interrupted it. */
    private boolean idleSleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
