package dev.agentfactory.fakes.telegram;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Everything the Telegram fake remembers; every method is synchronized on this object. */
final class TelegramState {

    /** Delivery problems a test wants getWebhookInfo to report. */
    record WebhookHealth(Long lastErrorDate, String lastErrorMessage, int pendingUpdateCount) {
        static final WebhookHealth OK = new WebhookHealth(null, null, 0);
    }

    private final Clock clock;
    private final Map<String, TelegramBot> bots = new HashMap<>();
    private final Map<String, Webhook> webhooks = new HashMap<>();
    private final Map<String, WebhookHealth> health = new HashMap<>();
    private final Map<String, Long> lastMessageIds = new HashMap<>();
    private final List<SentMessage> sent = new ArrayList<>();
    private final List<FloodRule> floodRules = new ArrayList<>();

    TelegramState(Clock clock) {
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    synchronized void register(TelegramBot bot) {
        bots.put(bot.token(), bot);
    }

    /** The bot owning {@code token}; a 401 when there is none. */
    synchronized TelegramBot bot(String token) {
        TelegramBot bot = bots.get(token);
        if (bot == null) {
            throw TelegramException.unauthorized();
        }
        return bot;
    }

    synchronized Webhook webhook(String token) {
        bot(token);
        return webhooks.getOrDefault(token, Webhook.NONE);
    }

    synchronized void setWebhook(String token, Webhook webhook) {
        webhooks.put(token, webhook);
        health.remove(token);
    }

    synchronized WebhookHealth health(String token) {
        return health.getOrDefault(token, WebhookHealth.OK);
    }

    synchronized void setHealth(String token, WebhookHealth value) {
        bot(token);
        health.put(token, value);
    }

    synchronized void addFloodRule(FloodRule rule) {
        floodRules.add(rule);
    }

    /** Records a message, or throws the 429 of an injected flood-control rule. */
    synchronized SentMessage send(TelegramBot bot, long chatId, String text, String parseMode) {
        for (FloodRule rule : floodRules) {
            if (rule.consume(chatId)) {
                floodRules.removeIf(FloodRule::exhausted);
                throw TelegramException.tooManyRequests(rule.retryAfterSeconds());
            }
        }
        long messageId = lastMessageIds.merge(bot.id() + "/" + chatId, 1L, Long::sum);
        SentMessage message = new SentMessage(bot.id(), chatId, messageId, text, parseMode, Instant.now(clock));
        sent.add(message);
        return message;
    }

    /** Sent messages in order, all chats when {@code chatId} is null. */
    synchronized List<SentMessage> sent(Long chatId) {
        return sent.stream().filter(m -> chatId == null || m.chatId() == chatId).toList();
    }

    synchronized void clearSent() {
        sent.clear();
    }
}
