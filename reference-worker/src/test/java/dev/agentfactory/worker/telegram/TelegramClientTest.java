package dev.agentfactory.worker.telegram;

import dev.agentfactory.fakes.telegram.FakeTelegramBotApi;
import dev.agentfactory.fakes.telegram.SentMessage;
import dev.agentfactory.worker.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sendMessage against the fake Telegram Bot API, including flood control. */
class TelegramClientTest {

    private static final String TOKEN = "4242:secret-token";
    private static final long CHAT = 1001;

    private FakeTelegramBotApi telegram;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private TelegramClient client;

    @BeforeEach
    void start() {
        telegram = new FakeTelegramBotApi().start(0).registerBot(TOKEN, "reference_bot");
        client = new TelegramClient(new Http(), URI.create(telegram.baseUrl()), waits::add, 3, Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        telegram.close();
    }

    @Test
    void sendsTheReplyToTheChat() throws Exception {
        List<Long> ids = client.sendMessage(TOKEN, CHAT, "echo: hi", 7L, () -> { });

        List<SentMessage> sent = telegram.sentMessages(CHAT);
        assertEquals(1, sent.size());
        assertEquals("echo: hi", sent.get(0).text());
        assertEquals(List.of(sent.get(0).messageId()), ids);
    }

    @Test
    void waitsRetryAfterOn429AndSendsOnce() throws Exception {
        telegram.floodControl(CHAT, 3, 2);

        client.sendMessage(TOKEN, CHAT, "after the flood", null, () -> { });

        assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(3)), waits);
        assertEquals(1, telegram.sentMessages(CHAT).size());
        assertEquals("after the flood", telegram.sentMessages(CHAT).get(0).text());
    }

    @Test
    void reallyWaitsWithTheDefaultSleeper() throws Exception {
        telegram.floodControl(CHAT, 1, 1);
        TelegramClient sleeping = new TelegramClient(new Http(), URI.create(telegram.baseUrl()));
        long start = System.nanoTime();

        sleeping.sendMessage(TOKEN, CHAT, "patient", null, () -> { });

        assertTrue(System.nanoTime() - start >= Duration.ofMillis(950).toNanos());
        assertEquals(1, telegram.sentMessages(CHAT).size());
    }

    @Test
    void givesUpAsRetryableWhenFloodControlOutlastsTheBudget() {
        telegram.floodControl(CHAT, 1, 10);

        TelegramException e = assertThrows(TelegramException.class,
                () -> client.sendMessage(TOKEN, CHAT, "never", null, () -> { }));

        assertEquals(429, e.errorCode());
        assertTrue(e.retryable());
        assertEquals(3, waits.size());
        assertTrue(telegram.sentMessages(CHAT).isEmpty());
    }

    @Test
    void aLongRetryAfterIsNotWaitedInsideTheLease() {
        telegram.floodControl(CHAT, 120, 1);

        TelegramException e = assertThrows(TelegramException.class,
                () -> client.sendMessage(TOKEN, CHAT, "later", null, () -> { }));

        assertTrue(e.retryable());
        assertTrue(waits.isEmpty());
    }

    @Test
    void anUnknownTokenIsAFinalFailureWithoutTheTokenInTheMessage() {
        TelegramException e = assertThrows(TelegramException.class,
                () -> client.sendMessage("999:wrong", CHAT, "x", null, () -> { }));

        assertEquals(401, e.errorCode());
        assertFalse(e.retryable());
        assertFalse(e.getMessage().contains("999:wrong"));
    }

    @Test
    void splitsTextsLongerThanTheLimit() throws Exception {
        String text = "a".repeat(TelegramClient.MAX_TEXT) + "b".repeat(10);

        List<Long> ids = client.sendMessage(TOKEN, CHAT, text, null, () -> { });

        List<SentMessage> sent = telegram.sentMessages(CHAT);
        assertEquals(2, ids.size());
        assertEquals(TelegramClient.MAX_TEXT, sent.get(0).text().length());
        assertEquals("b".repeat(10), sent.get(1).text());
    }

    @Test
    void anAbortBeforeAnAttemptStopsTheSend() {
        telegram.floodControl(CHAT, 1, 1);
        int[] attempts = {0};
        Runnable abortOnSecond = () -> {
            if (++attempts[0] == 2) {
                throw new IllegalStateException("lease lost");
            }
        };

        assertThrows(IllegalStateException.class, () -> client.sendMessage(TOKEN, CHAT, "x", null, abortOnSecond));
        assertTrue(telegram.sentMessages(CHAT).isEmpty());
    }
}
