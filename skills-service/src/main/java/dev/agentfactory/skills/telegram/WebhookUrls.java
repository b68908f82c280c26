package dev.agentfactory.skills.telegram;

import dev.agentfactory.platform.problem.ProblemException;

import java.net.URI;
import java.net.URISyntaxException;

/** Checks the public base URL an operator gives and derives ingress's webhook URL from it. */
final class WebhookUrls {

    private WebhookUrls() {
    }

    static String webhookUrl(String publicBaseUrl, String webhookPath) {
        String base = publicBaseUrl == null ? "" : publicBaseUrl.trim().replaceAll("/+$", "");
        URI uri;
        try {
            uri = new URI(base);
        } catch (URISyntaxException e) {
            throw ProblemException.invalid("publicBaseUrl", "is not a URL");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw ProblemException.invalid("publicBaseUrl", "must be an https URL with a host (Telegram calls webhooks over HTTPS only)");
        }
        if (uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
            throw ProblemException.invalid("publicBaseUrl", "must not carry user info, a query or a fragment");
        }
        String path = webhookPath.startsWith("/") ? webhookPath : "/" + webhookPath;
        return base + path;
    }
}
