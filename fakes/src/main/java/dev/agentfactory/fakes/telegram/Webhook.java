package dev.agentfactory.fakes.telegram;

import java.util.List;

/**
 * A bot's webhook registration as last set through the API.
 *
 * @param url            the webhook URL, "" when none is set
 * @param secretToken    the secret_token, or null
 * @param maxConnections the max_connections (40 by default)
 * @param allowedUpdates the allowed_updates, or an empty list for the default
 */
public record Webhook(String url, String secretToken, int maxConnections, List<String> allowedUpdates) {

    static final Webhook NONE = new Webhook("", null, 40, List.of());

    public boolean isSet() {
        return !url.isEmpty();
    }
}
