package dev.agentfactory.skills.telegram;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.skills.telegram.TelegramModels.Reconciled;
import dev.agentfactory.skills.telegram.TelegramModels.TokenImported;
import dev.agentfactory.skills.telegram.TelegramModels.TokenRequest;
import dev.agentfactory.skills.telegram.TelegramModels.WebhookRequest;
import dev.agentfactory.skills.telegram.TelegramModels.WebhookStatus;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Telegram bot of an agent: token import, webhook registration, re-verification. */
@Path("/v1/agents/{agentKey}/telegram")
@Allowed(Role.ADMIN)
public class TelegramResource {

    private final TelegramBots bots;

    public TelegramResource(TelegramBots bots) {
        this.bots = bots;
    }

    @POST
    @Path("/token")
    public Uni<TokenImported> importToken(@PathParam("agentKey") String agentKey, @Valid @NotNull TokenRequest body) {
        return bots.importToken(agentKey, body.token());
    }

    @POST
    @Path("/webhook")
    public Uni<WebhookStatus> configureWebhook(@PathParam("agentKey") String agentKey, @Valid @NotNull WebhookRequest body) {
        return bots.configureWebhook(agentKey, body.publicBaseUrl());
    }

    @POST
    @Path("/reconcile")
    public Uni<Reconciled> reconcile(@PathParam("agentKey") String agentKey) {
        return bots.reconcile(agentKey);
    }
}
