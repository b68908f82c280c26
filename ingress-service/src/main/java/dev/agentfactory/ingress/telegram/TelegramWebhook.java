package dev.agentfactory.ingress.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.ingress.catalog.AgentCatalog;
import dev.agentfactory.ingress.config.IngressConfig;
import dev.agentfactory.ingress.enqueue.Enqueuer;
import dev.agentfactory.ingress.enqueue.MessageEnqueued;
import dev.agentfactory.ingress.pairing.PairingOutcome;
import dev.agentfactory.ingress.pairing.Pairings;
import dev.agentfactory.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;

/**
 * Handles one webhook delivery. The secret token selects the bot; supported updates are enqueued and answered
 * only after Kafka's acknowledgement; {@code /start <code>} pairs instead; everything that will never be
 * processed is answered 200 so Telegram does not retry it.
 */
@ApplicationScoped
public class TelegramWebhook {

    private static final Logger LOG = Logger.getLogger(TelegramWebhook.class);

    private final AgentCatalog catalog;
    private final TelegramRouter router;
    private final Enqueuer enqueuer;
    private final Pairings pairings;
    private final WebhookMetrics metrics;
    private final IngressConfig config;

    public TelegramWebhook(AgentCatalog catalog, TelegramRouter router, Enqueuer enqueuer, Pairings pairings,
                           WebhookMetrics metrics, IngressConfig config) {
        this.catalog = catalog;
        this.router = router;
        this.enqueuer = enqueuer;
        this.pairings = pairings;
        this.metrics = metrics;
        this.config = config;
    }

    public Uni<WebhookReply> handle(String secretToken, JsonNode update) {
        return process(secretToken, update)
                // the database (bindings, pairing) failing is as transient as Kafka failing: let Telegram retry
                .onFailure(error -> !(error instanceof ProblemException)).transform(error -> {
                    LOG.warnf("webhook update not processed: %s", error.toString());
                    return ProblemException.unavailable("dependency-unavailable",
                            "the update could not be processed now; send it again later", config.retryAfter());
                });
    }

    private Uni<WebhookReply> process(String secretToken, JsonNode update) {
        String bot = catalog.botForSecret(secretToken).orElseThrow(() -> ProblemException.unauthorized(
                "missing or wrong X-Telegram-Bot-Api-Secret-Token"));
        ParsedUpdate parsed = update != null && update.isObject() ? UpdateParser.parse(update) : null;
        if (parsed == null) {
            return ignored("malformed");
        }
        String messageId = "tg:" + bot + ":" + parsed.updateId();
        if (enqueuer.recentlyEnqueued(messageId)) {
            metrics.duplicate();
            return Uni.createFrom().item(WebhookReply.duplicateOf(messageId));
        }
        if (parsed.isIgnored()) {
            return ignored(parsed.ignoredKind());
        }
        Optional<StartCommand> start = "message".equals(parsed.kind())
                ? StartCommand.parse(parsed.text(), bot) : Optional.empty();
        if (start.isPresent() && start.get().otherBot()) {
            return ignored("command_for_other_bot");
        }
        if (start.isPresent() && start.get().payload() != null) {
            return pair(bot, parsed, start.get().payload());
        }
        return router.route(bot, parsed).flatMap(route -> {
            if (route.refusal() != null) {
                return ignored(route.refusal());
            }
            return enqueuer.enqueue(message(bot, messageId, parsed, route)).map(sent -> {
                metrics.enqueued();
                return WebhookReply.enqueued(messageId, route.conversationId(), route.agentKey());
            });
        });
    }

    private Uni<WebhookReply> pair(String bot, ParsedUpdate update, String code) {
        if (update.userId() == null) {
            metrics.pairing(PairingOutcome.ERROR_INVALID);
            return Uni.createFrom().item(WebhookReply.failed(PairingOutcome.ERROR_INVALID));
        }
        return pairings.consume(bot, code, update.userId(), update.chatId()).map(outcome -> {
            metrics.pairing(outcome.ok() ? "paired" : outcome.error());
            return outcome.ok() ? WebhookReply.paired(outcome.agentKey()) : WebhookReply.failed(outcome.error());
        });
    }

    private Uni<WebhookReply> ignored(String kind) {
        metrics.ignored(kind);
        return Uni.createFrom().item(WebhookReply.ignoredAs(kind));
    }

    private MessageEnqueued message(String bot, String messageId, ParsedUpdate update, Route route) {
        MessageEnqueued.Telegram telegram = new MessageEnqueued.Telegram(bot, update.updateId(), update.chatId(),
                update.chatType(), update.userId(), update.messageId(), update.callbackQueryId(),
                update.callbackData(), update.attachments().isEmpty() ? null : update.attachments());
        return new MessageEnqueued(messageId, config.defaultWorkspace(), route.agentKey(), route.conversationId(),
                config.defaultPriority(), null, "telegram", Instant.now(),
                new MessageEnqueued.Payload(update.text(), update.kind(), null, telegram),
                route.consumerUserId(), null);
    }
}
