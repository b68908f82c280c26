package dev.agentfactory.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.fakes.telegram.SentMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crashes nobody announces, across real processes: a worker SIGKILLed while it holds a lease, and ingress
 * SIGKILLed and restarted while Telegram keeps delivering. Warm workers (minimum two) think for a while
 * before they answer, so a test can catch one in the middle of its job.
 */
class SystemResilienceIT {

    private static final String THINK_MS = "2000";
    private static SystemStack stack;
    private static String botIdentity;
    private static final AtomicLong UPDATE_IDS = new AtomicLong(50_000);

    @BeforeAll
    static void start() throws Exception {
        stack = new SystemStack(Map.of(
                "queue", Map.of("af.queue.lease-duration", "8s"),
                "scheduler", Map.of(
                        "af.scheduler.policy.min-workers", "2",
                        "af.scheduler.policy.max-workers", "3",
                        "af.scheduler.policy.spawn-step", "3",
                        "af.scheduler.worker.extra-env.AF_ECHO_THINK_MS", THINK_MS,
                        "af.scheduler.worker.extra-env.AF_CLAIM_WAIT_MS", "5000")));
        stack.service("scheduler").properties().put("af.scheduler.worker.extra-env.AF_TELEGRAM_API_BASE_URL",
                stack.telegram.baseUrl());
        stack.start();
        botIdentity = stack.registerTelegramBot();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aWorkerKilledMidLeaseHasItsMessageRedeliveredAndAnsweredOnce() {
        long chatId = 8_100_000L;
        long updateId = UPDATE_IDS.incrementAndGet();
        assertEquals(200, stack.deliver(TelegramUpdates.privateText(updateId, chatId, 1, "survive the crash")).status());
        String messageId = "tg:" + botIdentity + ":" + updateId;

        JsonNode leased = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> message(messageId), m -> "leased".equals(m.path("status").asText()));
        String victim = leased.path("workerId").asText();
        ProcessHandle worker = stack.machines.workerProcess(victim)
                .orElseThrow(() -> new AssertionError("no live process for " + victim));
        worker.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !worker.isAlive());

        JsonNode done = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .until(() -> message(messageId), m -> "done".equals(m.path("status").asText()));
        assertNotEquals(victim, done.path("workerId").asText(), "another worker finished the job");
        assertTrue(done.path("attempt").asInt() > leased.path("attempt").asInt(), done.toString());
        List<String> story = new ArrayList<>();
        done.path("history").forEach(e -> story.add(e.path("type").asText()));
        assertTrue(story.contains("queue.message.lease-expired"), "redelivered after lease expiry: " + story);
        assertEquals(1, story.stream().filter("queue.message.completed"::equals).count(), "completed once: " + story);
        assertEquals(List.of("echo: survive the crash"), replies(chatId), "exactly one reply");
    }

    @Test
    void noAcceptedUpdateIsLostWhenIngressCrashesMidLoad() throws Exception {
        int chats = 10;
        int perChat = 4;
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService telegram = Executors.newFixedThreadPool(chats);
        List<Future<?>> deliveries = new ArrayList<>();
        for (int c = 0; c < chats; c++) {
            long chatId = 8_200_000L + c;
            deliveries.add(telegram.submit(() -> {
                for (int m = 0; m < perChat; m++) {
                    deliverUntilAccepted(TelegramUpdates.privateText(UPDATE_IDS.incrementAndGet(), chatId, m + 1,
                            "load " + chatId + " #" + m));
                    accepted.incrementAndGet();
                    Thread.sleep(300);
                }
                return null;
            }));
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> accepted.get() >= chats);
        ServiceProcess ingress = stack.service("ingress");
        ingress.kill();
        ingress.start();
        ingress.awaitReady(Duration.ofSeconds(120));
        for (Future<?> delivery : deliveries) {
            delivery.get(3, TimeUnit.MINUTES);
        }
        telegram.shutdown();

        for (int c = 0; c < chats; c++) {
            long chatId = 8_200_000L + c;
            List<String> expected = new ArrayList<>();
            for (int m = 0; m < perChat; m++) {
                expected.add("echo: load " + chatId + " #" + m);
            }
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> replies(chatId).size() >= perChat);
            assertEquals(expected, replies(chatId), "every accepted update answered once, in order");
        }
    }

    /** What Telegram does: the same update again, after any failure, until a 2xx. */
    private static void deliverUntilAccepted(Map<String, Object> update) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            try {
                if (stack.deliver(update).status() == 200) {
                    return;
                }
            } catch (UncheckedIOException refusedOrReset) {
                // ingress is down: Telegram backs off and retries the same update
            }
            Thread.sleep(200);
        }
        throw new AssertionError("update never accepted: " + update);
    }

    private static JsonNode message(String messageId) {
        Api.Reply reply = Api.get(stack.url("queue") + "/v1/messages/" + messageId, stack.credentials.admin());
        return reply.status() == 200 ? reply.body() : Api.JSON.createObjectNode();
    }

    private static List<String> replies(long chatId) {
        return stack.telegram.sentMessages(chatId).stream().map(SentMessage::text).toList();
    }
}
