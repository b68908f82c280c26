package dev.agentfactory.worker.queue;

import dev.agentfactory.worker.hydration.HydrationBundle;
import dev.agentfactory.worker.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker reads the queue's JSON as queue-service writes it, tolerating fields it does not know. */
class WireFormatTest {

    private static final String JOB = """
            {"leaseId":"7d8a3f0e-4b7c-4c55-9d5e-0c1b2a3d4e5f","leaseExpiresAt":"2026-11-22T04:30:00Z",
             "messageId":"tg:bot:42","conversationId":"c-1","agentKey":"agent-a","workspaceId":"default","priority":5,
             "origin":"telegram","receivedAt":"2026-11-22T04:29:00Z","consumerUserId":null,
             "payload":{"kind":"message","text":"hi","telegram":{"botIdentity":"bot","updateId":42,
               "chatId":-1001234567890,"chatType":"supergroup","messageId":9,"attachments":[]}},
             "attempt":2,"workerId":"w1","shouldStop":false,"shouldPark":false,"somethingNew":{"x":1}}""";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsAClaimedJob() {
        ClaimAnswer a = ClaimAnswer.parse(200, bytes(JOB));
        Job job = a.job();
        assertEquals("7d8a3f0e-4b7c-4c55-9d5e-0c1b2a3d4e5f", job.leaseId());
        assertEquals(Instant.parse("2026-11-22T04:30:00Z"), job.leaseExpiresAt());
        assertEquals(2, job.attempt());
        assertEquals("hi", job.text());
        assertEquals(-1001234567890L, job.telegramChatId());
        assertEquals(9L, job.telegramMessageId());
        assertFalse(a.shouldStop());
        assertFalse(a.shouldPark());
    }

    @Test
    void readsNothingAndStopAnswers() {
        assertSame(ClaimAnswer.NOTHING, ClaimAnswer.parse(204, new byte[0]));
        ClaimAnswer stop = ClaimAnswer.parse(200, bytes("{\"shouldStop\":true}"));
        assertNull(stop.job());
        assertTrue(stop.shouldStop());
        assertFalse(stop.shouldPark());
    }

    @Test
    void readsParkAnswersOfAClaimAndOfACompleteWithClaimNext() {
        ClaimAnswer claim = ClaimAnswer.parse(200, bytes("{\"shouldStop\":false,\"shouldPark\":true}"));
        assertNull(claim.job());
        assertTrue(claim.shouldPark());
        assertFalse(claim.shouldStop());
        ClaimAnswer complete = ClaimAnswer.parse(200, bytes(
                "{\"messageId\":\"m1\",\"status\":\"completed\",\"shouldStop\":false,\"shouldPark\":true,\"next\":null}"));
        assertNull(complete.job());
        assertTrue(complete.shouldPark());
        ClaimAnswer job = ClaimAnswer.parse(200, bytes(JOB.replace("\"shouldPark\":false", "\"shouldPark\":true")));
        assertEquals("c-1", job.job().conversationId());
        assertFalse(job.shouldPark(), "a job is always run");
    }

    @Test
    void findsTheNextJobOfACompleteWhereverItStands() {
        assertEquals("c-1", ClaimAnswer.parse(200, bytes("{\"completed\":true,\"next\":" + JOB + "}")).job().conversationId());
        assertEquals("c-1", ClaimAnswer.parse(200, bytes("{\"job\":" + JOB + ",\"shouldStop\":true}")).job().conversationId());
        assertNull(ClaimAnswer.parse(200, bytes("{\"outcome\":\"completed\"}")).job());
    }

    @Test
    void aCompleteEchoingItsOwnLeaseIsNotANewJob() {
        ClaimAnswer echo = ClaimAnswer.parse(200, bytes(JOB)).excludingLease("7d8a3f0e-4b7c-4c55-9d5e-0c1b2a3d4e5f");
        assertNull(echo.job());
        assertNull(ClaimAnswer.parse(200, bytes("{\"leaseId\":\"L9\",\"outcome\":\"completed\"}")).job());
    }

    @Test
    void aMessageWithoutTelegramHasNoChat() {
        Job job = ClaimAnswer.parse(200, bytes(JOB.replaceAll("\"telegram\":\\{[^}]*\\}", "\"data\":{}"))).job();
        assertNull(job.telegramChatId());
    }

    @Test
    void readsTheHydrationBundleUnderTheNamesTheQueueMayUse() {
        HydrationBundle b = Json.read(bytes("""
                {"message":{},"conversationCache":{"recentTurns":[]},
                 "agentProfile":{"agentKey":"a","secrets":{"x":"y"},"telegram":{"botToken":"1:abc"},"bridge":{"enabled":false}},
                 "latestSnapshot":{"id":"s1","sha256":"ab","sizeBytes":3},
                 "skillsManifest":{"channel":"stable","version":"W/\\"v9\\""}}"""), HydrationBundle.class);
        assertEquals("1:abc", b.botToken());
        assertEquals("s1", b.snapshot().snapshotId());
        assertEquals("v9", b.manifestVersion());
        assertTrue(b.hydrationCache().has("recentTurns"));
        assertFalse(b.runtimeProfile().toString().contains("1:abc"), "the profile never prints secrets");
    }
}
