package dev.agentfactory.worker;

import dev.agentfactory.fakes.telegram.FakeTelegramBotApi;
import dev.agentfactory.worker.testing.Await;
import dev.agentfactory.worker.testing.FakeQueue;
import dev.agentfactory.worker.testing.FakeQueue.Reply;
import dev.agentfactory.worker.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar as a process: it works a job, and a real SIGTERM ends it with a final snapshot and exit 0; parked,
 * suspended (SIGSTOP) and resumed (SIGCONT), it is back at work at once, in the same process.
 */
class WorkerJarIT {

    private static final Path JAR = Path.of("target", "reference-worker.jar");

    @TempDir
    Path work;
    private FakeQueue queue;
    private FakeTelegramBotApi telegram;

    @BeforeEach
    void start() throws Exception {
        queue = new FakeQueue();
        telegram = new FakeTelegramBotApi().start(0).registerBot(TestData.BOT_TOKEN, "reference_bot");
    }

    @AfterEach
    void stop() {
        queue.close();
        telegram.close();
    }

    private ProcessBuilder worker() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", JAR.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("AF_"));
        return pb;
    }

    private ProcessBuilder configured() {
        ProcessBuilder pb = worker();
        pb.environment().put("AF_QUEUE_URL", queue.url());
        pb.environment().put("AF_SKILLS_URL", queue.url());
        pb.environment().put("AF_TELEGRAM_API_BASE_URL", telegram.baseUrl());
        pb.environment().put("AF_WORKER_ID", "w-jar");
        pb.environment().put("AF_WORKER_TOKEN", "worker-token");
        pb.environment().put("AF_WORK_DIR", work.toString());
        return pb;
    }

    private static void signal(Process process, String signal) throws Exception {
        if (process.isAlive()) {
            assertEquals(0, new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor());
        }
    }

    private static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void worksAJobAndStopsGracefullyOnSigterm() throws Exception {
        queue.hydrations.put("L1", TestData.hydration(null, null));
        queue.claims.add(Reply.json(200, TestData.job("L1", "conv-1", 77L, "from the jar", 60_000)));
        ProcessBuilder pb = configured();
        File log = work.resolve("worker.log").toFile();
        pb.redirectErrorStream(true).redirectOutput(log);
        long started = System.nanoTime();
        Process process = pb.start();
        try {
            Await.until(() -> !telegram.sentMessages(77).isEmpty(), Duration.ofSeconds(20), "the reply");
            long toReplyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.out.println("reference-worker jar: process start to first reply " + toReplyMs + " ms");
            Await.until(() -> queue.requests("POST", "/v1/claims").size() >= 2, Duration.ofSeconds(10), "idle long-poll");

            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "exits within 10 s of SIGTERM");
            String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), output);
            assertEquals("echo: from the jar", telegram.sentMessages(77).get(0).text());
            assertEquals(1, queue.requests("POST", "/v1/snapshots/snap-1/finalize").size(), output);
            assertTrue(output.contains("stop requested: SIGTERM"), output);
            assertTrue(!output.contains(TestData.BOT_TOKEN), "the bot token never reaches the log");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aParkedWorkerSuspendedAndResumedIsBackAtWorkWithoutARestart() throws Exception {
        queue.idleClaim = Reply.json(200, TestData.park());
        ProcessBuilder pb = configured();
        File log = work.resolve("worker.log").toFile();
        pb.redirectErrorStream(true).redirectOutput(log);
        Process process = pb.start();
        try {
            Await.until(() -> queue.requests("POST", "/v1/claims").size() >= 3, Duration.ofSeconds(20), "parked claims");
            signal(process, "STOP"); // what the local driver does to suspend a parked worker's machine
            Thread.sleep(200); // a claim in flight when the signal landed may still be recorded
            int claimsWhenSuspended = queue.requests("POST", "/v1/claims").size();
            Thread.sleep(800);
            assertEquals(claimsWhenSuspended, queue.requests("POST", "/v1/claims").size(), "a suspended worker is silent");

            // the scheduler resumes the worker and sets it active: claims work again
            queue.idleClaim = null;
            queue.hydrations.put("L1", TestData.hydration(null, null));
            queue.claims.add(Reply.json(200, TestData.job("L1", "conv-1", 78L, "after the resume", 60_000)));
            long resumedAt = System.nanoTime();
            signal(process, "CONT");
            Await.until(() -> !telegram.sentMessages(78).isEmpty(), Duration.ofSeconds(20), "the reply after the resume");

            long backMs = TimeUnit.NANOSECONDS.toMillis(
                    queue.requests("POST", "/v1/claims").get(claimsWhenSuspended).atNanos() - resumedAt);
            System.out.println("reference-worker jar: resume to first claim " + backMs + " ms");
            assertTrue(backMs < 2000, "back within about the park interval, not a long-poll or a restart: " + backMs + " ms");
            assertTrue(process.isAlive(), "the same process, no restart");
            process.destroy();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "exits within 10 s of SIGTERM");
            String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), output);
            assertEquals(1, occurrences(output, "parked by the fleet"), output);
            assertEquals(1, occurrences(output, "no longer parked (got a job)"), output);
            assertEquals(1, occurrences(output, "worker started"), output);
        } finally {
            signal(process, "CONT");
            process.destroyForcibly();
        }
    }

    @Test
    void refusesToStartWithoutItsMandatoryEnvironment() throws Exception {
        Process process = worker().redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertTrue(output.contains("AF_WORKER_ID is required") && output.contains("AF_WORK_DIR is required"), output);
    }
}
