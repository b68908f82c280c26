package dev.agentfactory.fakes.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.fakes.http.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The Bot API methods the fake implements; each returns the {@code result} (and maybe a description). */
final class TelegramMethods {

    /** A successful call: {@code {"ok":true,"result":…,"description"?:…}}. */
    record Outcome(JsonNode result, String description) {
    }

    static final int MAX_TEXT = 4096;
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Set<Integer> WEBHOOK_PORTS = Set.of(443, 80, 88, 8443);
    private static final Set<String> PARSE_MODES = Set.of("MarkdownV2", "HTML", "Markdown");

    private final TelegramState state;

    TelegramMethods(TelegramState state) {
        this.state = state;
    }

    /** Runs {@code method} (case-insensitive, like Telegram) for {@code bot}; unknown → 404. */
    Outcome call(TelegramBot bot, String method, TelegramParams params) {
        return switch (method.toLowerCase(Locale.ROOT)) {
            case "getme" -> new Outcome(user(bot), null);
            case "setwebhook" -> setWebhook(bot, params);
            case "getwebhookinfo" -> new Outcome(webhookInfo(bot), null);
            case "deletewebhook" -> deleteWebhook(bot);
            case "sendmessage" -> new Outcome(sendMessage(bot, params), null);
            default -> throw TelegramException.notFound();
        };
    }

    static ObjectNode user(TelegramBot bot) {
        return Json.object()
                .put("id", bot.id())
                .put("is_bot", true)
                .put("first_name", bot.firstName())
                .put("username", bot.username())
                .put("can_join_groups", true)
                .put("can_read_all_group_messages", false)
                .put("supports_inline_queries", false)
                .put("can_connect_to_business", false)
                .put("has_main_web_app", false);
    }

    private Outcome setWebhook(TelegramBot bot, TelegramParams params) {
        String url = params.has("url") ? params.text("url").trim() : "";
        if (url.isEmpty()) {
            return deleteWebhook(bot);
        }
        validateUrl(url);
        String secret = params.text("secret_token");
        if (secret != null && !secret.isEmpty()) {
            if (!SECRET.matcher(secret).matches()) {
                throw TelegramException.badRequest("secret token contains unallowed characters");
            }
            if (secret.length() > 256) {
                throw TelegramException.badRequest("secret token is too long");
            }
        } else {
            secret = null;
        }
        int maxConnections = params.integer("max_connections", 40);
        if (maxConnections < 1 || maxConnections > 100) {
            throw TelegramException.badRequest("bad webhook: max_connections must be between 1 and 100");
        }
        List<String> allowed = params.stringList("allowed_updates");
        state.setWebhook(bot.token(), new Webhook(url, secret, maxConnections, allowed));
        return new Outcome(BooleanNode.TRUE, "Webhook was set");
    }

    private static void validateUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw TelegramException.badRequest("bad webhook: invalid webhook URL specified");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw TelegramException.badRequest("bad webhook: An HTTPS URL must be provided for webhook");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw TelegramException.badRequest("bad webhook: invalid webhook URL specified");
        }
        int port = uri.getPort() < 0 ? 443 : uri.getPort();
        if (!WEBHOOK_PORTS.contains(port)) {
            throw TelegramException.badRequest("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443");
        }
    }

    private Outcome deleteWebhook(TelegramBot bot) {
        boolean wasSet = state.webhook(bot.token()).isSet();
        state.setWebhook(bot.token(), Webhook.NONE);
        return new Outcome(BooleanNode.TRUE, wasSet ? "Webhook was deleted" : "Webhook is already deleted");
    }

    private ObjectNode webhookInfo(TelegramBot bot) {
        Webhook webhook = state.webhook(bot.token());
        TelegramState.WebhookHealth health = state.health(bot.token());
        ObjectNode info = Json.object()
                .put("url", webhook.url())
                .put("has_custom_certificate", false)
                .put("pending_update_count", health.pendingUpdateCount());
        if (health.lastErrorDate() != null) {
            info.put("last_error_date", health.lastErrorDate());
            info.put("last_error_message", health.lastErrorMessage());
        }
        if (webhook.isSet()) {
            info.put("max_connections", webhook.maxConnections());
            if (!webhook.allowedUpdates().isEmpty()) {
                ArrayNode allowed = info.putArray("allowed_updates");
                webhook.allowedUpdates().forEach(allowed::add);
            }
        }
        return info;
    }

    private ObjectNode sendMessage(TelegramBot bot, TelegramParams params) {
        String chat = params.text("chat_id");
        if (chat == null || chat.isBlank()) {
            throw TelegramException.badRequest("chat_id is empty");
        }
        long chatId;
        try {
            chatId = Long.parseLong(chat.trim());
        } catch (NumberFormatException e) {
            throw TelegramException.badRequest("chat not found");
        }
        String text = params.text("text");
        if (text == null || text.isBlank()) {
            throw TelegramException.badRequest("message text is empty");
        }
        if (text.length() > MAX_TEXT) {
            throw TelegramException.badRequest("message is too long");
        }
        String parseMode = params.text("parse_mode");
        if (parseMode != null && !parseMode.isEmpty() && !PARSE_MODES.contains(parseMode)) {
            throw TelegramException.badRequest("unsupported parse_mode");
        }
        SentMessage sent = state.send(bot, chatId, text, parseMode == null || parseMode.isEmpty() ? null : parseMode);
        return message(bot, sent);
    }

    private static ObjectNode message(TelegramBot bot, SentMessage sent) {
        ObjectNode message = Json.object().put("message_id", sent.messageId());
        message.set("from", Json.object()
                .put("id", bot.id()).put("is_bot", true)
                .put("first_name", bot.firstName()).put("username", bot.username()));
        message.set("chat", chat(sent.chatId()));
        message.put("date", sent.at().getEpochSecond());
        message.put("text", sent.text());
        return message;
    }

    private static ObjectNode chat(long chatId) {
        ObjectNode chat = Json.object().put("id", chatId);
        if (chatId > 0) {
            return chat.put("first_name", "User " + chatId).put("type", "private");
        }
        boolean supergroup = chatId <= -1_000_000_000_000L;
        return chat.put("title", "Chat " + chatId).put("type", supergroup ? "supergroup" : "group");
    }
}
