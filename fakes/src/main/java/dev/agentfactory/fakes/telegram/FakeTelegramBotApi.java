package dev.agentfactory.fakes.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.fakes.http.FakeHttpServer;
import dev.agentfactory.fakes.http.HttpRequest;
import dev.agentfactory.fakes.http.HttpResponse;
import dev.agentfactory.fakes.http.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * An in-process fake of the Telegram Bot API ({@code /bot<token>/<method>}) following
 * {@code shared/protocols/TELEGRAM-BOT-API.md}: getMe, setWebhook, getWebhookInfo, deleteWebhook and
 * sendMessage, 401 for unknown tokens, 404 for unknown methods, injectable flood control (429).
 * Extra endpoints for humans and black-box tests: {@code GET /sent?chat_id=N}, {@code GET /health},
 * {@code POST /_bots {token, username}}, {@code POST /_flood {chat_id?, retry_after, count}}.
 */
public final class FakeTelegramBotApi implements AutoCloseable {

    private final TelegramState state;
    private final TelegramMethods methods;
    private FakeHttpServer server;

    public FakeTelegramBotApi() {
        this(Clock.systemUTC());
    }

    public FakeTelegramBotApi(Clock clock) {
        this.state = new TelegramState(clock);
        this.methods = new TelegramMethods(state);
    }

    /** Starts on 127.0.0.1:{@code port} (0 = ephemeral). */
    public FakeTelegramBotApi start(int port) {
        return start("127.0.0.1", port);
    }

    public synchronized FakeTelegramBotApi start(String host, int port) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        server = FakeHttpServer.start(host, port, "fake-telegram", this::handle);
        return this;
    }

    /** {@code http://127.0.0.1:PORT}: use as the Bot API base (calls go to {@code baseUrl()/bot<token>/<method>}). */
    public String baseUrl() {
        return requireServer().origin();
    }

    public int port() {
        return requireServer().port();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Registers a bot; calls with any other token get 401. */
    public FakeTelegramBotApi registerBot(String token, long botId, String username) {
        state.register(new TelegramBot(token, botId, username, username));
        return this;
    }

    /** Registers a bot whose id is the digits of its {@code <digits>:<text>} token. */
    public FakeTelegramBotApi registerBot(String token, String username) {
        return registerBot(token, TelegramBot.idFromToken(token), username);
    }

    /** The next {@code count} sendMessage calls to {@code chatId} (null = any chat) answer 429 with retry_after. */
    public void floodControl(Long chatId, int retryAfterSeconds, int count) {
        if (retryAfterSeconds < 1 || count < 1) {
            throw new IllegalArgumentException("retryAfterSeconds and count must be positive");
        }
        state.addFloodRule(new FloodRule(chatId, retryAfterSeconds, count));
    }

    public void floodControlAnyChat(int retryAfterSeconds, int count) {
        floodControl(null, retryAfterSeconds, count);
    }

    /** Messages sent to one chat, in order. */
    public List<SentMessage> sentMessages(long chatId) {
        return state.sent(chatId);
    }

    /** Every message sent, in order. */
    public List<SentMessage> sentMessages() {
        return state.sent(null);
    }

    public void clearSentMessages() {
        state.clearSent();
    }

    /** The webhook last set for {@code token} (url "" when none). */
    public Webhook webhookOf(String token) {
        return state.webhook(token);
    }

    /** Makes getWebhookInfo report a delivery error now (cleared by the next setWebhook). */
    public void reportWebhookError(String token, String message) {
        TelegramState.WebhookHealth old = state.health(token);
        long now = Instant.now(state.clock()).getEpochSecond();
        state.setHealth(token, new TelegramState.WebhookHealth(now, message, old.pendingUpdateCount()));
    }

    /** Makes getWebhookInfo report {@code count} pending updates. */
    public void setPendingUpdateCount(String token, int count) {
        TelegramState.WebhookHealth old = state.health(token);
        state.setHealth(token, new TelegramState.WebhookHealth(old.lastErrorDate(), old.lastErrorMessage(), count));
    }

    private FakeHttpServer requireServer() {
        FakeHttpServer current = server;
        if (current == null) {
            throw new IllegalStateException("not started");
        }
        return current;
    }

    private HttpResponse handle(HttpRequest request) {
        String path = request.path();
        if (path.startsWith("/bot")) {
            return botCall(request);
        }
        try {
            return adminCall(request, path);
        } catch (IllegalArgumentException e) {
            return error(TelegramException.badRequest(e.getMessage()));
        }
    }

    private HttpResponse adminCall(HttpRequest request, String path) {
        return switch (request.method() + " " + path) {
            case "GET /health" -> HttpResponse.json(200, Json.object().put("ok", true));
            case "GET /sent" -> HttpResponse.json(200, sentJson(request.queryParam("chat_id")));
            case "DELETE /sent" -> {
                state.clearSent();
                yield HttpResponse.empty(204);
            }
            case "POST /_bots" -> adminRegister(request);
            case "POST /_flood" -> adminFlood(request);
            default -> error(TelegramException.notFound());
        };
    }

    private HttpResponse botCall(HttpRequest request) {
        String rest = request.path().substring("/bot".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            return error(TelegramException.notFound());
        }
        try {
            TelegramBot bot = state.bot(rest.substring(0, slash));
            TelegramMethods.Outcome outcome = methods.call(bot, rest.substring(slash + 1), TelegramParams.of(request));
            ObjectNode body = Json.object().put("ok", true);
            body.set("result", outcome.result());
            if (outcome.description() != null) {
                body.put("description", outcome.description());
            }
            return HttpResponse.json(200, body);
        } catch (TelegramException e) {
            return error(e);
        }
    }

    static HttpResponse error(TelegramException e) {
        ObjectNode body = Json.object().put("ok", false).put("error_code", e.errorCode()).put("description", e.getMessage());
        if (e.retryAfter() == null) {
            return HttpResponse.json(e.errorCode(), body);
        }
        body.putObject("parameters").put("retry_after", e.retryAfter());
        return HttpResponse.json(e.errorCode(), body).withHeader("Retry-After", e.retryAfter().toString());
    }

    private ArrayNode sentJson(String chatId) {
        Long chat = chatId == null || chatId.isBlank() ? null : Long.valueOf(chatId.trim());
        ArrayNode array = Json.array();
        for (SentMessage m : state.sent(chat)) {
            ObjectNode item = array.addObject()
                    .put("bot_id", m.botId()).put("chat_id", m.chatId()).put("message_id", m.messageId())
                    .put("text", m.text()).put("date", m.at().getEpochSecond()).put("at", m.at().toString());
            if (m.parseMode() != null) {
                item.put("parse_mode", m.parseMode());
            }
        }
        return array;
    }

    private HttpResponse adminRegister(HttpRequest request) {
        JsonNode body = request.jsonBody();
        String token = body.path("token").asText();
        registerBot(token, body.path("username").asText("bot" + TelegramBot.idFromToken(token)));
        return HttpResponse.empty(204);
    }

    private HttpResponse adminFlood(HttpRequest request) {
        JsonNode body = request.jsonBody();
        Long chat = body.hasNonNull("chat_id") ? body.get("chat_id").asLong() : null;
        floodControl(chat, body.path("retry_after").asInt(1), body.path("count").asInt(1));
        return HttpResponse.empty(204);
    }
}
