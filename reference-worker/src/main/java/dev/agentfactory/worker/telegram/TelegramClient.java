package dev.agentfactory.worker.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.worker.Http;
import dev.agentfactory.worker.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Telegram Bot API {@code sendMessage}. Texts longer than 4096 characters go out as several messages. Flood control
 * (429) is honoured: wait {@code parameters.retry_after} (or the Retry-After header) seconds and send again, at most
 * {@code maxFloodRetries} times and never waiting longer than {@code maxFloodWait} at once.
 */
public final class TelegramClient {

    public static final int MAX_TEXT = 4096;

    private final Http http;
    private final URI base;
    private final Sleeper sleeper;
    private final int maxFloodRetries;
    private final Duration maxFloodWait;

    public TelegramClient(Http http, URI base) {
        this(http, base, d -> Thread.sleep(d.toMillis()), 5, Duration.ofSeconds(60));
    }

    public TelegramClient(Http http, URI base, Sleeper sleeper, int maxFloodRetries, Duration maxFloodWait) {
        this.http = http;
        this.base = base;
        this.sleeper = sleeper;
        this.maxFloodRetries = maxFloodRetries;
        this.maxFloodWait = maxFloodWait;
    }

    /**
     * Sends {@code text} to {@code chatId}; {@code beforeAttempt} runs before every HTTP call (it may throw to abort,
     * e.g. when the lease is lost). Returns the ids Telegram gave the sent messages.
     */
    public List<Long> sendMessage(String botToken, long chatId, String text, Long replyToMessageId, Runnable beforeAttempt)
            throws InterruptedException {
        List<Long> ids = new ArrayList<>();
        for (String chunk : chunks(text)) {
            ObjectNode body = Json.MAPPER.createObjectNode().put("chat_id", chatId).put("text", chunk);
            if (replyToMessageId != null && ids.isEmpty()) {
                body.putObject("reply_parameters").put("message_id", replyToMessageId)
                        .put("allow_sending_without_reply", true);
            }
            ids.add(sendOne(botToken, body, beforeAttempt));
        }
        return ids;
    }

    private long sendOne(String botToken, ObjectNode body, Runnable beforeAttempt) throws InterruptedException {
        URI uri = URI.create(base + "/bot" + botToken + "/sendMessage");
        for (int attempt = 0; ; attempt++) {
            beforeAttempt.run();
            HttpRequest request = Http.json("POST", uri, body, null, Duration.ofSeconds(30)).build();
            Http.Response r;
            try {
                r = http.send(request);
            } catch (IOException e) {
                // the URI holds the bot token: never put it in a message
                throw new TelegramException(0, "unreachable: " + e.getClass().getSimpleName(), true);
            }
            JsonNode answer = parse(r);
            if (r.status() == 200 && answer.path("ok").asBoolean(false)) {
                return answer.path("result").path("message_id").asLong();
            }
            String description = answer.path("description").asText(r.excerpt());
            if (r.status() != 429) {
                boolean retryable = r.status() >= 500 || r.status() == 408;
                throw new TelegramException(r.status(), description, retryable);
            }
            Duration wait = retryAfter(r, answer);
            if (attempt >= maxFloodRetries || wait.compareTo(maxFloodWait) > 0) {
                throw new TelegramException(429, description + " (retry after " + wait.toSeconds() + " s)", true);
            }
            sleeper.sleep(wait);
        }
    }

    private static JsonNode parse(Http.Response r) {
        try {
            return r.json(JsonNode.class);
        } catch (RuntimeException e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    static Duration retryAfter(Http.Response r, JsonNode answer) {
        long seconds = answer.path("parameters").path("retry_after").asLong(0);
        if (seconds <= 0 && r.header("Retry-After") != null) {
            try {
                seconds = Long.parseLong(r.header("Retry-After").trim());
            } catch (NumberFormatException ignored) {
                seconds = 1;
            }
        }
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    /** Splits at {@link #MAX_TEXT} characters without cutting a surrogate pair; an empty text becomes one "…". */
    static List<String> chunks(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            out.add("…");
            return out;
        }
        int i = 0;
        while (i < text.length()) {
            int end = Math.min(text.length(), i + MAX_TEXT);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            out.add(text.substring(i, end));
            i = end;
        }
        return out;
    }

    /** How the client waits out flood control (tests may record instead of sleeping). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }
}
