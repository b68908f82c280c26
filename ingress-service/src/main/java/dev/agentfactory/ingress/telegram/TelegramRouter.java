package dev.agentfactory.ingress.telegram;

import dev.agentfactory.ingress.binding.Binding;
import dev.agentfactory.ingress.binding.BindingCache;
import dev.agentfactory.ingress.catalog.AgentCatalog;
import dev.agentfactory.ingress.catalog.CatalogAgent;
import dev.agentfactory.ingress.config.IngressConfig;
import dev.agentfactory.ingress.conversation.ConversationIds;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * Resolves the agent and conversation of an update: a bound sender goes to its binding's agent on the
 * user's stable conversation; an unbound one to the bot's agent (or the fallback agent) on a conversation
 * of the chat, unless bindings are required.
 */
@ApplicationScoped
public class TelegramRouter {

    static final String UNBOUND = "unbound_sender";
    static final String DISABLED = "agent_disabled";

    private final BindingCache bindings;
    private final AgentCatalog catalog;
    private final IngressConfig.Telegram config;
    private final WebhookMetrics metrics;

    public TelegramRouter(BindingCache bindings, AgentCatalog catalog, IngressConfig config, WebhookMetrics metrics) {
        this.bindings = bindings;
        this.catalog = catalog;
        this.config = config.telegram();
        this.metrics = metrics;
    }

    public Uni<Route> route(String botIdentity, ParsedUpdate update) {
        if (update.userId() == null) {
            return Uni.createFrom().item(unbound(botIdentity, update));
        }
        return bindings.activeBinding(botIdentity, update.userId())
                .map(binding -> binding.isPresent() && config.resolveAgentKeyFromBinding()
                        ? bound(binding.get()) : unbound(botIdentity, update));
    }

    private Route bound(Binding binding) {
        Optional<CatalogAgent> agent = catalog.agent(binding.agentKey());
        if (agent.isPresent() && !agent.get().enabled()) {
            return Route.refused(DISABLED);
        }
        return Route.to(binding.agentKey(), binding.conversationId(), binding.consumerUserId());
    }

    private Route unbound(String botIdentity, ParsedUpdate update) {
        if (config.requireBindingForTelegram()) {
            metrics.unbound("refused");
            return Route.refused(UNBOUND);
        }
        metrics.unbound("routed");
        List<CatalogAgent> owners = catalog.agentsOfBot(botIdentity);
        List<CatalogAgent> enabled = owners.stream().filter(CatalogAgent::enabled).toList();
        if (!owners.isEmpty() && enabled.isEmpty()) {
            return Route.refused(DISABLED);
        }
        String agentKey = enabled.size() == 1 ? enabled.get(0).agentKey() : config.fallbackAgentKey();
        return Route.to(agentKey, ConversationIds.forTelegramChat(botIdentity, update.chatId()), null);
    }
}
