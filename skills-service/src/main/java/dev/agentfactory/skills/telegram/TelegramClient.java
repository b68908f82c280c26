package dev.agentfactory.skills.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.platform.event.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A small reactive client of the Bot API ({@code POST <base>/bot<token>/<method>} with a JSON body).
 * The token is part of the URL, so this client never logs a URL, and every transport failure is re-thrown
 * with the token scrubbed from its message (Vert.x puts the request path into some of them).
 */
@ApplicationScoped
public class TelegramClient {

    /** {@code <bot id>:<secret>}; checked before a token is ever put into a URL. */
    public static final Pattern TOKEN = Pattern.compile("^[0-9]{1,20}:[A-Za-z0-9_-]{1,200}$");

    private final TelegramConfig config;
    private final HttpClient http;
    private final String base;

    public TelegramClient(Vertx vertx, TelegramConfig config) {
        this.config = config;
        this.base = config.apiBaseUrl().replaceAll("/+$", "");
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(8)
                .setConnectTimeout((int) config.timeout().toMillis()));
    }

    public record BotUser(long id, boolean isBot, String username, String firstName) {
    }

    public record WebhookInfo(String url, int pendingUpdateCount, Long lastErrorDate, String lastErrorMessage) {
    }

    public Uni<BotUser> getMe(String token) {
        return call(token, "getMe", Json.MAPPER.createObjectNode()).map(user -> new BotUser(user.path("id").asLong(),
                user.path("is_bot").asBoolean(false), text(user, "username"), text(user, "first_name")));
    }

    public Uni<Void> setWebhook(String token, String url, String secretToken, List<String> allowedUpdates) {
        ObjectNode params = Json.MAPPER.createObjectNode().put("url", url).put("secret_token", secretToken);
        allowedUpdates.forEach(params.putArray("allowed_updates")::add);
        return call(token, "setWebhook", params).replaceWithVoid();
    }

    public Uni<WebhookInfo> getWebhookInfo(String token) {
        return call(token, "getWebhookInfo", Json.MAPPER.createObjectNode()).map(info -> new WebhookInfo(
                info.path("url").asText(""), info.path("pending_update_count").asInt(0),
                info.hasNonNull("last_error_date") ? info.get("last_error_date").asLong() : null,
                text(info, "last_error_message")));
    }

    private Uni<JsonNode> call(String token, String method, ObjectNode params) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Uni.createFrom().failure(new IllegalArgumentException("not a bot token"));
        }
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(base + "/bot" + token + "/" + method)
                .putHeader("Content-Type", "application/json")
                .setTimeout(config.timeout().toMillis());
        return http.request(request)
                .chain(req -> req.send(Buffer.buffer(Json.write(params))))
                .chain(resp -> resp.body().map(body -> answer(method, resp.statusCode(), body)))
                .onFailure(f -> !(f instanceof TelegramApiException || f instanceof TelegramApiException.Unavailable))
                .transform(f -> new TelegramApiException.Unavailable("Telegram Bot API " + method + " failed: "
                        + f.getClass().getSimpleName() + ": " + redact(f.getMessage(), token)));
    }

    private static JsonNode answer(String method, int status, Buffer body) {
        JsonNode reply;
        try {
            reply = Json.MAPPER.readTree(body.getBytes());
        } catch (java.io.IOException e) {
            throw new TelegramApiException.Unavailable("Telegram Bot API " + method + " answered HTTP " + status
                    + " without JSON");
        }
        if (reply != null && reply.path("ok").asBoolean(false)) {
            return reply.path("result");
        }
        if (reply == null || !reply.has("error_code")) {
            throw new TelegramApiException.Unavailable("Telegram Bot API " + method + " answered HTTP " + status
                    + " outside the protocol");
        }
        throw new TelegramApiException(reply.path("error_code").asInt(status), reply.path("description").asText(""));
    }

    /** Removes the token (and its secret half on its own) from a message. */
    static String redact(String message, String token) {
        if (message == null) {
            return "";
        }
        String redacted = message.replace(token, "<token>");
        int colon = token.indexOf(':');
        return colon > 0 ? redacted.replace(token.substring(colon + 1), "<token>") : redacted;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    @PreDestroy
    void close() {
        http.closeAndForget();
    }
}
