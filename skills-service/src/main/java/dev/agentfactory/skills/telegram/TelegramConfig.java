package dev.agentfactory.skills.telegram;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How skills-service talks to the Telegram Bot API. */
@ConfigMapping(prefix = "af.telegram")
public interface TelegramConfig {

    /** Base of the Bot API; calls go to {@code <base>/bot<token>/<method>}. Tests point it at the fake. */
    @WithDefault("https://api.telegram.org")
    String apiBaseUrl();

    /** Longest wait for one Bot API call. */
    @WithDefault("10s")
    Duration timeout();

    /** Path of ingress's webhook, appended to the public base URL given when a webhook is configured. */
    @WithDefault("/telegram/webhook")
    String webhookPath();

    /** Update kinds the webhook asks Telegram for. */
    @WithDefault("message,edited_message,callback_query")
    List<String> allowedUpdates();

    /**
     * A fixed webhook secret for the laptop's dev bot (AF_DEV_TELEGRAM_WEBHOOK_SECRET), so local tools can sign
     * webhook calls. Honoured only in the local, dev and test profiles; elsewhere every webhook gets a fresh
     * random secret.
     */
    Optional<String> devWebhookSecret();
}
