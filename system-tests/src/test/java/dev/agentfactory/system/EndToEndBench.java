package dev.agentfactory.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.fakes.telegram.SentMessage;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;

import static org.awaitility.Awaitility.await;

/**
 * The end-to-end benchmark (not part of the test suite; its name matches no test pattern). Every service as a
 * process, local reference workers, the fake Telegram Bot API. It measures, from the webhook request to the
 * moment the fake Bot API receives the bot's {@code sendMessage}:
 * <ul>
 *   <li>scale from zero: the fleet is empty, one update arrives, the scheduler starts a worker;</li>
 *   <li>warm, one at a time: a closed loop over ten chats, the next update once the previous reply arrived;</li>
 *   <li>warm, concurrent: eight chats in closed loops at once.</li>
 * </ul>
 * Run: {@code ./mvnw verify -pl system-tests -Dit.test=EndToEndBench -Dfailsafe.failIfNoSpecifiedTests=false}
 * (after {@code ./mvnw install -DskipTests}); the table goes to stdout and {@code target/e2e-bench.md}.
 */
class EndToEndBench {

    private static final int COLD_ROUNDS = Integer.getInteger("e2e.coldRounds", 3);
    private static final int WARM_SAMPLES = Integer.getInteger("e2e.warmSamples", 300);
    private static final int CONCURRENT_CHATS = 8;
    private static final int CONCURRENT_SAMPLES_PER_CHAT = Integer.getInteger("e2e.concurrentPerChat", 50);

    private final AtomicLong updateIds = new AtomicLong(1);
    private final AtomicLong chatIds = new AtomicLong(9_000_000);

    @Test
    void measure() throws Exception {
        try (SystemStack stack = new SystemStack(Map.of("scheduler", Map.of(
                "af.scheduler.policy.min-workers", "0",
                "af.scheduler.policy.max-workers", "2",
                "af.scheduler.policy.spawn-step", "2",
                "af.scheduler.policy.idle-timeout", "10s",
                "af.scheduler.policy.park-limit", "0", // the run ends with every machine stopped
                "af.scheduler.worker.extra-env.AF_CLAIM_WAIT_MS", "20000")))) {
            stack.service("scheduler").properties().put("af.scheduler.worker.extra-env.AF_TELEGRAM_API_BASE_URL",
                    stack.telegram.baseUrl());
            stack.start();
            stack.registerTelegramBot();

            List<Long> cold = new ArrayList<>();
            List<Long> warm = new ArrayList<>();
            List<Long> concurrent = Collections.synchronizedList(new ArrayList<>());
            for (int round = 0; round < COLD_ROUNDS; round++) {
                cold.add(roundTrip(stack, chatIds.incrementAndGet(), 1));
                if (round == 0) {
                    warmOneAtATime(stack, warm);
                    warmConcurrent(stack, concurrent);
                }
                awaitEmptyFleet(stack);
            }
            report(stack, cold, warm, concurrent);
        }
    }

    private void warmOneAtATime(SystemStack stack, List<Long> samples) {
        long[] chats = new long[10];
        int[] sent = new int[chats.length];
        for (int i = 0; i < chats.length; i++) {
            chats[i] = chatIds.incrementAndGet();
        }
        for (int i = 0; i < WARM_SAMPLES; i++) {
            int chat = i % chats.length;
            samples.add(roundTrip(stack, chats[chat], ++sent[chat]));
        }
    }

    private void warmConcurrent(SystemStack stack, List<Long> samples) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(CONCURRENT_CHATS);
        List<Future<?>> loops = new ArrayList<>();
        for (int c = 0; c < CONCURRENT_CHATS; c++) {
            long chatId = chatIds.incrementAndGet();
            loops.add(senders.submit(() -> {
                for (int m = 1; m <= CONCURRENT_SAMPLES_PER_CHAT; m++) {
                    samples.add(roundTrip(stack, chatId, m));
                }
                return null;
            }));
        }
        for (Future<?> loop : loops) {
            loop.get();
        }
        senders.shutdown();
    }

    /** Delivers one update and answers milliseconds until the fake Bot API received the reply. */
    private long roundTrip(SystemStack stack, long chatId, int nth) {
        Instant sent = Instant.now();
        Api.Reply accepted = stack.deliver(TelegramUpdates.privateText(updateIds.incrementAndGet(), chatId, nth,
                "bench " + nth));
        if (accepted.status() != 200) {
            throw new IllegalStateException("webhook answered " + accepted.status() + ": " + accepted.raw().body());
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            List<SentMessage> replies = stack.telegram.sentMessages(chatId);
            if (replies.size() >= nth) {
                return Duration.between(sent, replies.get(nth - 1).at()).toMillis();
            }
            sleepQuietly();
        }
        throw new IllegalStateException("no reply in chat " + chatId + " within 3 minutes");
    }

    private static void awaitEmptyFleet(SystemStack stack) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            JsonNode workers = Api.get(stack.url("scheduler") + "/v1/workers", stack.credentials.admin()).body();
            return StreamSupport.stream(workers.spliterator(), false)
                    .allMatch(w -> "stopped".equals(w.path("status").asText()));
        });
    }

    private static void report(SystemStack stack, List<Long> cold, List<Long> warm, List<Long> concurrent)
            throws Exception {
        int workers = Api.get(stack.url("scheduler") + "/v1/workers", stack.credentials.admin()).body().size();
        String table = String.join("\n",
                "| measurement | samples | p50 ms | p99 ms | max ms |",
                "| --- | --- | --- | --- | --- |",
                row("scale from zero → first reply", cold),
                row("warm, one update at a time", warm),
                row("warm, " + CONCURRENT_CHATS + " chats at once", concurrent),
                "",
                "workers started over the run: " + workers + "; cold samples " + cold);
        System.out.println(table);
        Files.writeString(stack.repo.resolve("system-tests/target/e2e-bench.md"), table + "\n");
    }

    private static String row(String name, List<Long> samples) {
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return "| " + name + " | " + sorted.size() + " | " + percentile(sorted, 50) + " | " + percentile(sorted, 99)
                + " | " + sorted.get(sorted.size() - 1) + " |";
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
