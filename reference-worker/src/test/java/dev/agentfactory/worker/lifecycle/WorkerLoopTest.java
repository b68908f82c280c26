package dev.agentfactory.worker.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.fakes.telegram.FakeTelegramBotApi;
import dev.agentfactory.worker.Digests;
import dev.agentfactory.worker.Http;
import dev.agentfactory.worker.Json;
import dev.agentfactory.worker.WorkerConfig;
import dev.agentfactory.worker.engine.EchoEngine;
import dev.agentfactory.worker.engine.Engine;
import dev.agentfactory.worker.hydration.Turn;
import dev.agentfactory.worker.testing.Await;
import dev.agentfactory.worker.testing.FakeQueue;
import dev.agentfactory.worker.testing.FakeQueue.Recorded;
import dev.agentfactory.worker.testing.FakeQueue.Reply;
import dev.agentfactory.worker.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The claim loop against a scripted fake of the queue's HTTP API and the fake Telegram Bot API. */
class WorkerLoopTest {

    private static final long CHAT = 555;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path work;
    private FakeQueue queue;
    private FakeTelegramBotApi telegram;
    private Worker worker;
    private CompletableFuture<Integer> running;

    @BeforeEach
    void start() throws IOException {
        queue = new FakeQueue();
        telegram = new FakeTelegramBotApi().start(0).registerBot(TestData.BOT_TOKEN, "reference_bot");
    }

    @AfterEach
    void stop() throws Exception {
        if (worker != null && !running.isDone()) {
            worker.stopSignal().request("test over");
            running.get(10, TimeUnit.SECONDS);
        }
        queue.close();
        telegram.close();
    }

    private void run(Engine engine, long claimWaitMs) {
        Map<String, String> env = new HashMap<>();
        env.put("AF_QUEUE_URL", queue.url());
        env.put("AF_SKILLS_URL", queue.url());
        env.put("AF_TELEGRAM_API_BASE_URL", telegram.baseUrl());
        env.put("AF_WORKER_ID", "w1");
        env.put("AF_WORKER_TOKEN", "worker-token");
        env.put("AF_WORK_DIR", work.toString());
        env.put("AF_CLAIM_WAIT_MS", String.valueOf(claimWaitMs));
        WorkerConfig config = WorkerConfig.fromEnv(env);
        Http http = new Http();
        worker = new Worker(config, http, engine,
                new dev.agentfactory.worker.telegram.TelegramClient(http, URI.create(telegram.baseUrl())));
        running = CompletableFuture.supplyAsync(worker::run);
    }

    private int exitCode() throws Exception {
        return running.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private void offer(String leaseId, String conversationId, Long chatId, String text, long leaseMs, ObjectNode cache) {
        queue.hydrations.put(leaseId, TestData.hydration(cache, null));
        queue.claims.add(Reply.json(200, TestData.job(leaseId, conversationId, chatId, text, leaseMs)));
    }

    @Test
    void anIdlePollThenAJobIsRepliedCompletedAndSnapshottedWhenTheQueueSaysStop() throws Exception {
        ObjectNode cache = Json.MAPPER.createObjectNode();
        cache.putArray("recentTurns").addObject().put("role", "user").put("text", "earlier").put("messageId", "m0");
        queue.claims.add(Reply.empty(204));
        offer("L1", "conv-1", CHAT, "hello", 60_000, cache);
        queue.completes.add(Reply.json(200, TestData.completed(true, null)));

        run(new EchoEngine(), 100);

        assertEquals(0, exitCode());
        assertEquals("echo: hello", telegram.sentMessages(CHAT).get(0).text());
        assertEquals(1, telegram.sentMessages(CHAT).size());
        assertEquals(2, queue.requests("POST", "/v1/claims").size());
        Recorded claim = queue.requests("POST", "/v1/claims").get(0);
        assertEquals("w1", claim.json().path("workerId").asText());
        assertEquals(100, claim.json().path("waitMs").asLong());
        assertEquals("Bearer worker-token", claim.header("Authorization"));

        JsonNode complete = queue.requests("POST", "/v1/leases/L1/complete").get(0).json();
        assertTrue(complete.path("claimNext").asBoolean());
        assertEquals(0, complete.path("waitMs").asLong(-1), "claim-next never long-polls inside a complete");
        assertEquals("echo: hello", complete.path("result").path("reply").asText());
        JsonNode turns = complete.path("hydrationDelta").path("recentTurns");
        assertEquals(3, turns.size());
        assertEquals("earlier", turns.path(0).path("text").asText());
        assertEquals("hello", turns.path(1).path("text").asText());
        assertEquals("assistant", turns.path(2).path("role").asText());
        assertEquals("echo: hello", turns.path(2).path("text").asText());

        JsonNode begin = queue.requests("POST", "/v1/snapshots").get(0).json();
        assertEquals("default", begin.path("workspaceId").asText());
        assertEquals("agent-a", begin.path("agentKey").asText());
        assertEquals("conv-1", begin.path("conversationId").asText());
        byte[] content = queue.snapshotContent.get("snap-1");
        assertEquals(Digests.sha256(content), begin.path("sha256").asText());
        assertEquals(content.length, begin.path("sizeBytes").asLong());
        assertEquals(1, queue.requests("POST", "/v1/snapshots/snap-1/finalize").size());
        String transcript = unzip(content).get("transcript.jsonl");
        assertTrue(transcript.contains("\"text\":\"hello\"") && transcript.contains("\"text\":\"echo: hello\""), transcript);
    }

    @Test
    void aClaimAnsweringShouldStopEndsTheLoopWithoutWork() throws Exception {
        queue.claims.add(Reply.json(200, Map.of("shouldStop", true)));

        run(new EchoEngine(), 100);

        assertEquals(0, exitCode());
        assertEquals(1, queue.requests("POST", "/v1/claims").size());
        assertTrue(queue.requests("POST", "/v1/snapshots").isEmpty(), "nothing changed, nothing to snapshot");
    }

    @Test
    void aParkedWorkerKeepsClaimingWithoutExitingAndRunsTheJobOnceClaimsWorkAgain() throws Exception {
        for (int i = 0; i < 3; i++) {
            queue.claims.add(Reply.json(200, TestData.park()));
        }

        run(new EchoEngine(), 20_000);
        Await.until(() -> queue.requests("POST", "/v1/claims").size() >= 4, TIMEOUT, "claims while parked");
        assertFalse(running.isDone(), "a parked worker does not exit");
        assertTrue(telegram.sentMessages(CHAT).isEmpty());
        offer("L1", "conv-1", CHAT, "after resume", 60_000, null); // answers the 4th claim, waiting in the fake
        queue.completes.add(Reply.json(200, TestData.completed(true, null)));

        assertEquals(0, exitCode());
        assertEquals("echo: after resume", telegram.sentMessages(CHAT).get(0).text());
        List<Recorded> claims = queue.requests("POST", "/v1/claims");
        assertEquals(4, claims.size());
        for (int i = 1; i < claims.size(); i++) {
            long gap = millis(claims.get(i).atNanos() - claims.get(i - 1).atNanos());
            assertTrue(gap >= 200, "claims while parked are spaced by the 250 ms park interval, got " + gap + " ms");
        }
    }

    @Test
    void aCompleteAnsweringShouldParkParksTheWorkerUntilAStopEndsItPromptly() throws Exception {
        offer("L1", "conv-1", CHAT, "last before parking", 60_000, null);
        queue.completes.add(Reply.json(200, TestData.completedParked()));
        queue.idleClaim = Reply.json(200, TestData.park());

        run(new EchoEngine(), 20_000);
        Await.until(() -> queue.requests("POST", "/v1/claims").size() >= 4, TIMEOUT, "claims while parked");
        assertFalse(running.isDone(), "a parked worker does not exit");
        long completedAt = queue.requests("POST", "/v1/leases/L1/complete").get(0).atNanos();
        assertTrue(millis(queue.requests("POST", "/v1/claims").get(1).atNanos() - completedAt) >= 200,
                "the first claim after a park answer waits the park interval");
        assertTrue(queue.requests("POST", "/v1/snapshots").isEmpty(), "parking is not stopping: no final snapshot");
        long stopAt = System.nanoTime();
        worker.stopSignal().request("SIGTERM");

        assertEquals(0, exitCode());
        assertTrue(millis(System.nanoTime() - stopAt) < 3000, "a stop interrupts the parked pause");
        assertEquals("echo: last before parking", telegram.sentMessages(CHAT).get(0).text());
        assertEquals(1, queue.requests("POST", "/v1/snapshots/snap-1/finalize").size());
    }

    @Test
    void heartbeatsEveryThirdOfTheLeaseWhileAJobRuns() throws Exception {
        offer("L1", "conv-1", CHAT, "slow", 900, null);
        Engine slow = blockingEngine(() -> queue.requests("POST", "/v1/leases/L1/heartbeat").size() >= 3);

        run(slow, 100);
        Await.until(() -> !queue.requests("POST", "/v1/leases/L1/complete").isEmpty(), TIMEOUT, "complete");

        List<Recorded> beats = queue.requests("POST", "/v1/leases/L1/heartbeat");
        long claimedAt = queue.requests("POST", "/v1/claims").get(0).atNanos();
        assertTrue(beats.size() >= 3);
        assertTrue(millis(beats.get(0).atNanos() - claimedAt) >= 200, "first heartbeat after about a third of 900 ms");
        for (int i = 1; i < beats.size(); i++) {
            long gap = millis(beats.get(i).atNanos() - beats.get(i - 1).atNanos());
            assertTrue(gap >= 200 && gap < 1500, "heartbeat gap " + gap + " ms");
        }
        Await.until(() -> queue.requests("POST", "/v1/claims").size() >= 2, TIMEOUT, "the next claim");
        Thread.sleep(100); // a heartbeat already in flight when the job ended may still land
        long beatsAfterJob = queue.requests("POST", "/v1/leases/L1/heartbeat").size();
        Thread.sleep(700);
        assertEquals(beatsAfterJob, queue.requests("POST", "/v1/leases/L1/heartbeat").size(),
                "no heartbeat after the job ended");
    }

    @Test
    void aHeartbeatAnswering409AbortsTheJobWithoutEffects() throws Exception {
        queue.heartbeat = leaseId -> Reply.json(409, Map.of("title", "Conflict", "status", 409));
        offer("L1", "conv-1", CHAT, "doomed", 300, null);
        Engine slow = blockingEngine(() -> !queue.requests("POST", "/v1/leases/L1/heartbeat").isEmpty());

        run(slow, 100);
        Await.until(() -> queue.requests("POST", "/v1/claims").size() >= 2, TIMEOUT, "the next claim");

        assertTrue(telegram.sentMessages(CHAT).isEmpty(), "no reply on a lost lease");
        assertTrue(queue.requests("POST", "/v1/leases/L1/complete").isEmpty());
        assertTrue(queue.requests("POST", "/v1/leases/L1/fail").isEmpty());
        assertEquals(1, queue.requests("POST", "/v1/leases/L1/heartbeat").size(), "a lost lease is not heartbeated again");
    }

    @Test
    void aHeartbeatAnsweringShouldStopFinishesTheJobThenSnapshotsAndExits() throws Exception {
        queue.heartbeat = leaseId -> Reply.json(200, Map.of("shouldStop", true));
        offer("L1", "conv-1", CHAT, "last one", 300, null);
        Engine slow = blockingEngine(() -> !queue.requests("POST", "/v1/leases/L1/heartbeat").isEmpty());

        run(slow, 100);

        assertEquals(0, exitCode());
        assertEquals("slow: last one", telegram.sentMessages(CHAT).get(0).text());
        JsonNode complete = queue.requests("POST", "/v1/leases/L1/complete").get(0).json();
        assertFalse(complete.path("claimNext").asBoolean(false), "a stopping worker claims nothing more");
        assertEquals(1, queue.requests("POST", "/v1/claims").size());
        assertEquals(1, queue.requests("POST", "/v1/snapshots/snap-1/finalize").size());
    }

    @Test
    void aStopWhileLongPollingEndsPromptlyWithTheFinalSnapshot() throws Exception {
        offer("L1", "conv-api", null, "no chat here", 60_000, null);

        run(new EchoEngine(), 20_000);
        Await.until(() -> queue.requests("POST", "/v1/claims").size() >= 2, TIMEOUT, "the idle long-poll after the job");
        Thread.sleep(100);
        long stopAt = System.nanoTime();
        worker.stopSignal().request("SIGTERM");

        assertEquals(0, exitCode());
        assertTrue(millis(System.nanoTime() - stopAt) < 3000, "does not wait out the 20 s long-poll");
        JsonNode result = queue.requests("POST", "/v1/leases/L1/complete").get(0).json().path("result");
        assertFalse(result.path("replied").asBoolean());
        assertTrue(telegram.sentMessages().isEmpty());
        JsonNode begin = queue.requests("POST", "/v1/snapshots").get(0).json();
        assertEquals("conv-api", begin.path("conversationId").asText());
        assertEquals(1, queue.requests("POST", "/v1/snapshots/snap-1/finalize").size());
    }

    @Test
    void aSkillsChecksumFailureFailsTheJobAsRetryable() throws Exception {
        ObjectNode tampered = TestData.manifest(Map.of("weather", Map.of("SKILL.md", "# Weather\n")));
        ((ObjectNode) tampered.path("skills").path(0).path("files").path(0)).put("content", "# Tampered\n");
        queue.manifest = tampered;
        offer("L1", "conv-1", CHAT, "hi", 60_000, null);

        run(new EchoEngine(), 100);
        Await.until(() -> !queue.requests("POST", "/v1/leases/L1/fail").isEmpty(), TIMEOUT, "fail");

        JsonNode fail = queue.requests("POST", "/v1/leases/L1/fail").get(0).json();
        assertTrue(fail.path("retryable").asBoolean());
        assertTrue(fail.path("error").asText().contains("sha256 mismatch"), fail.toString());
        assertTrue(telegram.sentMessages(CHAT).isEmpty());
        assertTrue(queue.requests("POST", "/v1/leases/L1/complete").isEmpty());
    }

    @Test
    void restoresTheSnapshotHydrationNamesAndCarriesItForward() throws Exception {
        byte[] old = zip(Map.of("transcript.jsonl",
                "{\"role\":\"user\",\"text\":\"from another worker\",\"messageId\":\"m0\"}\n", "notes/MEMORY.md", "remember"));
        queue.snapshotContent.put("snap-old", old);
        ObjectNode ref = Json.MAPPER.createObjectNode().put("snapshotId", "snap-old").put("sha256", Digests.sha256(old))
                .put("sizeBytes", old.length);
        queue.hydrations.put("L1", TestData.hydration(null, ref));
        queue.claims.add(Reply.json(200, TestData.job("L1", "conv-1", CHAT, "hello again", 60_000)));
        queue.completes.add(Reply.json(200, TestData.completed(true, null)));

        run(new EchoEngine(), 100);

        assertEquals(0, exitCode());
        Map<String, String> files = unzip(queue.snapshotContent.get("snap-1"));
        assertEquals("remember", files.get("notes/MEMORY.md"));
        assertTrue(files.get("transcript.jsonl").startsWith("{\"role\":\"user\",\"text\":\"from another worker\""));
        assertTrue(files.get("transcript.jsonl").contains("echo: hello again"));
    }

    @Test
    void aCorruptSnapshotFailsTheJobAsRetryable() throws Exception {
        byte[] old = zip(Map.of("transcript.jsonl", "{}\n"));
        queue.snapshotContent.put("snap-old", old);
        ObjectNode ref = Json.MAPPER.createObjectNode().put("snapshotId", "snap-old").put("sha256", "0".repeat(64));
        queue.hydrations.put("L1", TestData.hydration(null, ref));
        queue.claims.add(Reply.json(200, TestData.job("L1", "conv-1", CHAT, "x", 60_000)));

        run(new EchoEngine(), 100);
        Await.until(() -> !queue.requests("POST", "/v1/leases/L1/fail").isEmpty(), TIMEOUT, "fail");

        JsonNode fail = queue.requests("POST", "/v1/leases/L1/fail").get(0).json();
        assertTrue(fail.path("retryable").asBoolean());
        assertTrue(fail.path("error").asText().contains("sha256"), fail.toString());
        assertTrue(telegram.sentMessages(CHAT).isEmpty());
    }

    @Test
    void completeWithClaimNextRunsTheNextJobWithoutAnotherClaim() throws Exception {
        offer("L1", "conv-1", CHAT, "one", 60_000, null);
        queue.hydrations.put("L2", TestData.hydration(null, null));
        queue.completes.add(Reply.json(200, TestData.completed(false, TestData.job("L2", "conv-2", CHAT + 1, "two", 60_000))));
        queue.completes.add(Reply.json(200, TestData.completed(true, null)));

        run(new EchoEngine(), 100);

        assertEquals(0, exitCode());
        assertEquals(1, queue.requests("POST", "/v1/claims").size());
        assertEquals("echo: one", telegram.sentMessages(CHAT).get(0).text());
        assertEquals("echo: two", telegram.sentMessages(CHAT + 1).get(0).text());
        assertEquals(2, queue.requests("POST", "/v1/snapshots").size(), "both conversations snapshotted");
    }

    @Test
    void aRedeliveredMessageReusesTheReplyAlreadySent() throws Exception {
        offer("L1", "conv-1", CHAT, "once", 60_000, null);
        ObjectNode again = TestData.job("L2", "conv-1", CHAT, "once", 60_000).put("messageId", "msg-L1").put("attempt", 2);
        queue.hydrations.put("L2", TestData.hydration(null, null));
        queue.completes.add(Reply.json(200, TestData.completed(false, again)));
        queue.completes.add(Reply.json(200, TestData.completed(true, null)));

        run(new EchoEngine(), 100);

        assertEquals(0, exitCode());
        assertEquals(1, telegram.sentMessages(CHAT).size(), "one reply per message");
        JsonNode second = queue.requests("POST", "/v1/leases/L2/complete").get(0).json();
        assertTrue(second.path("result").path("reusedReply").asBoolean());
        assertEquals("echo: once", second.path("result").path("reply").asText());
    }

    /** An engine that answers "slow: <text>" once {@code ready} holds (or after 5 s). */
    private static Engine blockingEngine(java.util.function.BooleanSupplier ready) {
        return new Engine() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public String reply(String text, List<Turn> recent) throws InterruptedException {
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (!ready.getAsBoolean() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                Thread.sleep(150); // let the worker read the heartbeat answer that made us ready
                return "slow: " + text;
            }
        };
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static byte[] zip(Map<String, String> files) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(out)) {
            for (var f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
