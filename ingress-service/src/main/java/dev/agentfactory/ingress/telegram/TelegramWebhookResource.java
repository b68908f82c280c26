package dev.agentfactory.ingress.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Telegram's webhook. Public: it authenticates by the bot's secret token, not by an API key. 200 means
 * "durable or deliberately dropped"; 401 a wrong token; 503 (with Retry-After) "not durable, send again".
 */
@Path("/telegram/webhook")
public class TelegramWebhookResource {

    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private final TelegramWebhook webhook;

    public TelegramWebhookResource(TelegramWebhook webhook) {
        this.webhook = webhook;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<WebhookReply> receive(@HeaderParam(SECRET_HEADER) String secretToken, JsonNode update) {
        return webhook.handle(secretToken, update);
    }
}
