package dev.agentfactory.skills.telegram;

import dev.agentfactory.platform.problem.Problem;
import dev.agentfactory.platform.problem.ProblemException;
import dev.agentfactory.skills.agent.AgentProfile;
import dev.agentfactory.skills.agent.AgentService;
import dev.agentfactory.skills.agent.AgentStore;
import dev.agentfactory.skills.secret.SecretRefs;
import dev.agentfactory.skills.secret.SecretService;
import dev.agentfactory.skills.secret.SecretStore;
import dev.agentfactory.skills.telegram.TelegramModels.Reconciled;
import dev.agentfactory.skills.telegram.TelegramModels.TokenImported;
import dev.agentfactory.skills.telegram.TelegramModels.WebhookStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Telegram bots of agents: import a token (getMe → botIdentity), register the webhook with a fresh secret
 * token (setWebhook, verified with getWebhookInfo), and re-verify a stored token. Only the secret's hash is
 * kept and published; the token itself lives in the secret store as {@code telegram.botToken.<agentKey>}.
 */
@ApplicationScoped
public class TelegramBots {

    private static final Logger LOG = Logger.getLogger(TelegramBots.class);

    private final Pool pool;
    private final AgentService agents;
    private final AgentStore agentStore;
    private final SecretService secrets;
    private final SecretStore secretStore;
    private final TelegramClient telegram;
    private final WebhookSecrets webhookSecrets;
    private final TelegramConfig config;

    public TelegramBots(Pool pool, AgentService agents, AgentStore agentStore, SecretService secrets,
                        SecretStore secretStore, TelegramClient telegram, WebhookSecrets webhookSecrets,
                        TelegramConfig config) {
        this.pool = pool;
        this.agents = agents;
        this.agentStore = agentStore;
        this.secrets = secrets;
        this.secretStore = secretStore;
        this.telegram = telegram;
        this.webhookSecrets = webhookSecrets;
        this.config = config;
    }

    public Uni<TokenImported> importToken(String agentKey, String token) {
        String trimmed = token.trim();
        if (!TelegramClient.TOKEN.matcher(trimmed).matches()) {
            throw ProblemException.invalid("token", "must look like <bot id>:<secret> (as BotFather gives it)");
        }
        String ref = SecretRefs.telegramBotToken(agentKey);
        return agents.get(agentKey)
                .chain(ignored -> verify(trimmed))
                .chain(bot -> pool.withTransaction(tx -> claimBot(tx, agentKey, bot)
                        .chain(() -> secretStore.put(tx, ref, trimmed))
                        .chain(() -> agents.modify(tx, agentKey, p -> Uni.createFrom().item(
                                p.withBot(identity(bot), bot.username()))))))
                .invoke(p -> LOG.infof("agent %s: Telegram bot %s (@%s) verified, token stored as %s",
                        agentKey, p.botIdentity(), p.botUsername(), ref))
                .map(p -> new TokenImported(agentKey, p.botIdentity(), p.botUsername(), ref, p.revision()));
    }

    public Uni<WebhookStatus> configureWebhook(String agentKey, String publicBaseUrl) {
        String url = WebhookUrls.webhookUrl(publicBaseUrl, config.webhookPath());
        return agents.get(agentKey).chain(profile -> {
            if (profile.botIdentity() == null) {
                throw ProblemException.conflict("no-telegram-bot",
                        "agent '" + agentKey + "' has no Telegram bot yet: import its token first");
            }
            return devSecretHolder().chain(holder -> register(profile, url, webhookSecrets.next(agentKey, holder)));
        });
    }

    private Uni<Optional<String>> devSecretHolder() {
        return webhookSecrets.devSecretHash()
                .map(hash -> agentStore.agentOfWebhookSecret(pool, hash))
                .orElseGet(() -> Uni.createFrom().item(Optional.empty()));
    }

    private Uni<WebhookStatus> register(AgentProfile profile, String url, String secret) {
        String agentKey = profile.agentKey();
        return storedToken(profile)
                .chain(token -> guard(telegram.setWebhook(token, url, secret, config.allowedUpdates()), "setWebhook")
                        .chain(() -> guard(telegram.getWebhookInfo(token), "getWebhookInfo")))
                .chain(info -> pool.withTransaction(tx -> agents.modify(tx, agentKey, current -> {
                    if (!profile.botIdentity().equals(current.botIdentity())) {
                        throw ProblemException.conflict("bot-changed", "the agent's bot changed meanwhile; retry");
                    }
                    return Uni.createFrom().item(current.withWebhook(url, WebhookSecrets.hash(secret)));
                })).map(saved -> {
                    boolean ready = url.equals(info.url()) && info.lastErrorMessage() == null;
                    LOG.infof("agent %s: webhook of bot %s set, ready=%s", agentKey, saved.botIdentity(), ready);
                    return new WebhookStatus(ready, saved.botIdentity(), true, url, info.pendingUpdateCount(),
                            info.lastErrorMessage());
                }));
    }

    public Uni<Reconciled> reconcile(String agentKey) {
        return agents.get(agentKey).chain(profile -> storedToken(profile).chain(token -> verify(token)
                .chain(bot -> guard(telegram.getWebhookInfo(token), "getWebhookInfo")
                        .chain(info -> pool.withTransaction(tx -> claimBot(tx, agentKey, bot)
                                .chain(() -> agents.modify(tx, agentKey, current -> Uni.createFrom().item(
                                        current.withBot(identity(bot), bot.username())))))
                                .map(saved -> {
                                    boolean changed = !identity(bot).equals(profile.botIdentity());
                                    boolean configured = saved.webhookSecretHash() != null
                                            && info.url().equals(saved.webhookUrl());
                                    WebhookStatus webhook = new WebhookStatus(configured && info.lastErrorMessage() == null,
                                            saved.botIdentity(), configured, info.url(), info.pendingUpdateCount(),
                                            info.lastErrorMessage());
                                    LOG.infof("agent %s: bot %s re-verified (changed=%s)", agentKey, saved.botIdentity(), changed);
                                    return new Reconciled(agentKey, saved.botIdentity(), saved.botUsername(), changed,
                                            saved.revision(), webhook);
                                })))));
    }

    private Uni<TelegramClient.BotUser> verify(String token) {
        return guard(telegram.getMe(token), "getMe").map(bot -> {
            if (!bot.isBot() || bot.id() <= 0) {
                throw ProblemException.unprocessable("telegram-token-rejected",
                        "the token does not belong to a bot (getMe answered a non-bot user)");
            }
            return bot;
        });
    }

    private Uni<String> storedToken(AgentProfile profile) {
        String ref = SecretRefs.telegramBotToken(profile.agentKey());
        return secrets.resolve(List.of(ref)).map(resolution -> {
            String token = resolution.values().get(ref);
            if (token == null) {
                throw new ProblemException(new Problem("https://agentfactory.dev/problems/missing-secret", "Missing secret",
                        422, "no bot token stored for agent '" + profile.agentKey() + "' (secret " + ref + ")",
                        List.of(new Problem.Violation(ref, "no active value"))));
            }
            return token;
        });
    }

    /** A bot belongs to one agent at most. */
    private Uni<Void> claimBot(SqlClient tx, String agentKey, TelegramClient.BotUser bot) {
        return agentStore.agentOfBot(tx, identity(bot)).invoke(owner -> owner.ifPresent(other -> {
            if (!other.equals(agentKey)) {
                throw ProblemException.conflict("bot-in-use", "Telegram bot " + identity(bot)
                        + " already belongs to agent '" + other + "'");
            }
        })).replaceWithVoid();
    }

    /** The stable identity of a bot: its numeric id (usernames can be changed, ids cannot). */
    static String identity(TelegramClient.BotUser bot) {
        return Long.toString(bot.id());
    }

    /** Maps Bot API failures to problems: a rejection is 422 with Telegram's reason, no answer is 503. */
    private static <T> Uni<T> guard(Uni<T> call, String method) {
        return call.onFailure().transform(f -> {
            if (f instanceof TelegramApiException e) {
                String slug = e.errorCode() == 401 || e.errorCode() == 404 ? "telegram-token-rejected" : "telegram-rejected";
                return ProblemException.unprocessable(slug, "Telegram rejected " + method + ": " + e.errorCode()
                        + " " + e.description());
            }
            if (f instanceof TelegramApiException.Unavailable u) {
                LOG.warn(u.getMessage());
                return ProblemException.unavailable("telegram-unavailable", u.getMessage(), Duration.ofSeconds(5));
            }
            return f;
        });
    }
}
