package dev.agentfactory.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.fakes.telegram.SentMessage;
import dev.agentfactory.platform.testing.LocalInfra;
import dev.agentfactory.platform.testing.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole loop: Telegram updates in through ingress, the scheduler scales reference workers up from zero
 * through the provider's local driver, every update gets exactly one reply in order within its chat, and
 * after the idle timeout the fleet drains back to zero, with the fleet topic telling the workers' story and the
 * lifecycle topic one completion per update; every conversation's snapshot, uploaded as its worker drained, can be
 * restored. Then, with a pool, an idle worker is parked (its process frozen)
 * and the next conversation resumes it instead of starting a new one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TelegramFleetIT {

    private static final int CHATS = 50;
    private static final int MESSAGES_PER_CHAT = 4;
    private static SystemStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = new SystemStack(Map.of("scheduler", Map.of(
                "af.scheduler.policy.max-workers", "3",
                "af.scheduler.policy.spawn-step", "3",
                "af.scheduler.policy.idle-timeout", "20s",
                // no pool at first, so idle workers drain back to zero; the pool's turn comes last
                "af.scheduler.policy.park-limit", "0",
                "af.scheduler.worker.extra-env.AF_CLAIM_WAIT_MS", "5000"),
                // the scheduler learns a worker is idle from the queue's report (60 s without a claim by default)
                "queue", Map.of("af.queue.idle-after", "5s")));
        // the fake's port is known only once the stack exists
        stack.service("scheduler").properties().put("af.scheduler.worker.extra-env.AF_TELEGRAM_API_BASE_URL",
                stack.telegram.baseUrl());
        stack.start();
        stack.registerTelegramBot();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void updatesAreAnsweredInOrderWhileTheFleetScalesUpAndDrainsBack() throws Exception {
        AtomicLong updateIds = new AtomicLong(1000);
        ExecutorService chats = Executors.newFixedThreadPool(16);
        List<Future<?>> sent = new ArrayList<>();
        for (int c = 0; c < CHATS; c++) {
            long chatId = 7_000_000L + c;
            // Telegram delivers one update at a time per chat, the next only after a 2xx
            sent.add(chats.submit(() -> {
                for (int m = 0; m < MESSAGES_PER_CHAT; m++) {
                    Api.Reply reply = stack.deliver(
                            TelegramUpdates.privateText(updateIds.incrementAndGet(), chatId, m + 1, text(chatId, m)));
                    assertEquals(200, reply.status(), reply.raw().body());
                }
                return null;
            }));
        }
        for (Future<?> chat : sent) {
            chat.get();
        }
        chats.shutdown();

        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> stack.telegram.sentMessages().size() >= CHATS * MESSAGES_PER_CHAT);
        for (int c = 0; c < CHATS; c++) {
            long chatId = 7_000_000L + c;
            List<String> replies = stack.telegram.sentMessages(chatId).stream().map(SentMessage::text).toList();
            assertEquals(MESSAGES_PER_CHAT, replies.size(), "one reply per update in chat " + chatId + ": " + replies);
            for (int m = 0; m < MESSAGES_PER_CHAT; m++) {
                assertTrue(replies.get(m).contains(text(chatId, m)), "in order in chat " + chatId + ": " + replies);
            }
        }

        String admin = stack.credentials.admin();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            JsonNode workers = Api.get(stack.url("scheduler") + "/v1/workers", admin).body();
            return workers.size() > 0 && StreamSupport.stream(workers.spliterator(), false)
                    .allMatch(w -> "stopped".equals(w.path("status").asText()));
        });
        JsonNode workers = Api.get(stack.url("scheduler") + "/v1/workers", admin).body();
        assertTrue(workers.size() <= 3, "never more than maxWorkers: " + workers);

        try (TopicProbe fleet = new TopicProbe(LocalInfra.KAFKA, stack.topicPrefix, "af.scheduler.fleet.v1")) {
            String someWorker = workers.get(0).path("workerId").asText();
            List<String> story = fleet.drain(Duration.ofSeconds(2)).stream()
                    .filter(r -> someWorker.equals(r.key()))
                    .map(r -> parse(r.value()).path("data").path("status").asText())
                    .toList();
            assertEquals(List.of("active", "draining", "stopping", "stopped"),
                    story.stream().distinct().toList(), "the fleet topic tells the worker's life");
        }
        List<JsonNode> completed;
        try (TopicProbe lifecycle = new TopicProbe(LocalInfra.KAFKA, stack.topicPrefix, "af.queue.lifecycle.v1")) {
            completed = lifecycle.drain(Duration.ofSeconds(2)).stream().map(r -> parse(r.value()))
                    .filter(e -> "queue.message.completed".equals(e.path("type").asText()))
                    .map(e -> e.path("data")).toList();
        }
        Map<String, Long> completions = completed.stream()
                .collect(Collectors.groupingBy(data -> data.path("messageId").asText(), Collectors.counting()));
        assertEquals(CHATS * MESSAGES_PER_CHAT, completions.size(), "every update completed: " + completions.size());
        assertTrue(completions.values().stream().allMatch(n -> n == 1), "and each exactly once: " + completions);
        assertEverySnapshotRestorable(completed);
    }

    /**
     * A draining worker uploads a snapshot of every conversation it changed, through the queue's content route;
     * the latest of each conversation the fleet worked on is ready, and its archive is what it declares.
     */
    private static void assertEverySnapshotRestorable(List<JsonNode> completed) throws Exception {
        String admin = stack.credentials.admin();
        Set<String> conversations = new TreeSet<>();
        for (JsonNode data : completed) {
            String query = "workspaceId=" + encode(data.path("workspaceId").asText()) + "&agentKey="
                    + encode(data.path("agentKey").asText()) + "&conversationId="
                    + encode(data.path("conversationId").asText());
            if (!conversations.add(query)) {
                continue;
            }
            Api.Reply latest = Api.get(stack.url("queue") + "/v1/snapshots/latest?" + query, admin);
            assertEquals(200, latest.status(), "a snapshot of " + query + ": " + latest.raw().body());
            assertEquals("ready", latest.body().path("status").asText());
            byte[] archive = Api.download(stack.url("queue") + latest.body().path("contentUrl").asText(), admin);
            assertEquals(latest.body().path("sizeBytes").asLong(), archive.length);
            assertEquals(latest.body().path("sha256").asText(),
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive)));
        }
        assertEquals(CHATS, conversations.size(), "one conversation per chat");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    @Order(2)
    void anIdleWorkerIsParkedAndTheNextConversationResumesIt() throws Exception {
        String admin = stack.credentials.admin();
        String scheduler = stack.url("scheduler");
        ObjectNode policy = (ObjectNode) Api.get(scheduler + "/v1/scaling-policy", admin).body().path("policy");
        policy.put("idleTimeoutSeconds", 5).put("parkLimit", 1);
        Api.Reply stored = Api.put(scheduler + "/v1/scaling-policy", admin, policy);
        assertEquals(200, stored.status(), stored.raw().body());

        long firstChat = 7_100_000L;
        assertEquals(200, stack.deliver(TelegramUpdates.privateText(9001, firstChat, 1, "before the park")).status());
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> stack.telegram.sentMessages(firstChat).size() == 1);
        String worker = liveWorkers(admin).get(0);
        // idle past 5 s, then the next reconcile (a depth record at the latest every 15 s) parks it
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> "parked".equals(Api.get(scheduler + "/v1/workers/" + worker, admin).body().path("status").asText()));

        long secondChat = 7_100_001L;
        long sentAt = System.nanoTime();
        assertEquals(200, stack.deliver(TelegramUpdates.privateText(9002, secondChat, 1, "after the park")).status());
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> stack.telegram.sentMessages(secondChat).size() == 1);
        long replyMs = (System.nanoTime() - sentAt) / 1_000_000;
        System.out.println("reply through a resumed worker after " + replyMs + " ms");

        assertEquals(List.of(worker), liveWorkers(admin), "the parked worker served; no machine was created");
        try (TopicProbe fleet = new TopicProbe(LocalInfra.KAFKA, stack.topicPrefix, "af.scheduler.fleet.v1")) {
            List<String> story = fleet.drain(Duration.ofSeconds(2)).stream()
                    .filter(r -> worker.equals(r.key()))
                    .map(r -> parse(r.value()).path("data").path("status").asText())
                    .toList();
            assertEquals(List.of("active", "parking", "parked", "active"), story, "the fleet topic tells the park");
        }
    }

    private static List<String> liveWorkers(String admin) {
        JsonNode workers = Api.get(stack.url("scheduler") + "/v1/workers", admin).body();
        return StreamSupport.stream(workers.spliterator(), false)
                .filter(w -> !"stopped".equals(w.path("status").asText()))
                .map(w -> w.path("workerId").asText()).toList();
    }

    private static String text(long chatId, int index) {
        return "chat " + chatId + " message " + index;
    }

    private static JsonNode parse(String json) {
        try {
            return Api.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
