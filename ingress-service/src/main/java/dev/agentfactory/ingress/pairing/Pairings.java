package dev.agentfactory.ingress.pairing;

import dev.agentfactory.ingress.binding.Binding;
import dev.agentfactory.ingress.binding.Bindings;
import dev.agentfactory.ingress.catalog.AgentCatalog;
import dev.agentfactory.ingress.catalog.CatalogAgent;
import dev.agentfactory.ingress.config.IngressConfig;
import dev.agentfactory.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One-time, bot-scoped pairing codes. A code is created for a consumer user and an agent whose bot is
 * registered; {@code /start <code>} sent to that bot consumes it (atomically, once) and binds the sender.
 */
@ApplicationScoped
public class Pairings {

    /** Telegram's deep-link payload rule. */
    public static final Pattern CODE = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PairingStore store;
    private final Bindings bindings;
    private final AgentCatalog catalog;
    private final IngressConfig config;
    private final Pool pool;

    public Pairings(PairingStore store, Bindings bindings, AgentCatalog catalog, IngressConfig config, Pool pool) {
        this.store = store;
        this.bindings = bindings;
        this.catalog = catalog;
        this.config = config;
        this.pool = pool;
    }

    public Uni<PairingCode> create(PairingRequest request) {
        CatalogAgent agent = catalog.agent(request.agentKey()).orElseThrow(() -> ProblemException.unprocessable(
                "unknown-agent", "agent '" + request.agentKey() + "' is not in the catalog"));
        if (!agent.enabled()) {
            throw ProblemException.conflict("agent-disabled", "agent '" + request.agentKey() + "' is disabled");
        }
        if (!agent.hasBot()) {
            throw ProblemException.conflict("bot-not-registered", "agent '" + request.agentKey()
                    + "' has no Telegram bot yet; import and verify its bot token first");
        }
        Duration ttl = request.ttlSeconds() == null ? config.pairing().defaultTtl()
                : Duration.ofSeconds(request.ttlSeconds());
        if (ttl.compareTo(config.pairing().maxTtl()) > 0) {
            throw ProblemException.invalid("ttlSeconds", "must be at most " + config.pairing().maxTtl().toSeconds());
        }
        Instant now = Instant.now();
        return store.insert(new PairingCode(newCode(), agent.botIdentity(), agent.agentKey(),
                request.consumerUserId(), now, now.plus(ttl), null, null, null, null));
    }

    public Uni<PairingCode> status(String code) {
        return store.find(code).map(found -> {
            if (found == null) {
                throw ProblemException.notFound("no pairing code " + code);
            }
            return found;
        });
    }

    /** Consumes {@code code} for a Telegram sender of {@code botIdentity}; never fails for a bad code. */
    public Uni<PairingOutcome> consume(String botIdentity, String code, long telegramUserId, long chatId) {
        if (!CODE.matcher(code).matches()) {
            return Uni.createFrom().item(PairingOutcome.failed(PairingOutcome.ERROR_INVALID));
        }
        return pool.withTransaction(tx -> store.consume(tx, code, botIdentity, telegramUserId, chatId)
                        .flatMap(consumed -> consumed == null ? Uni.createFrom().<Binding>nullItem()
                                : bindings.bind(tx, consumed.consumerUserId(), consumed.agentKey(), botIdentity,
                                        telegramUserId, chatId, Bindings.SOURCE_PAIRING, "telegram:" + telegramUserId)
                                .call(binding -> store.linkBinding(tx, code, binding.id()))))
                .invoke(binding -> {
                    if (binding != null) {
                        bindings.committed(binding);
                    }
                })
                .flatMap(binding -> store.find(code).map(found -> explain(found, binding != null, botIdentity,
                        telegramUserId)));
    }

    private static PairingOutcome explain(PairingCode found, boolean consumedNow, String botIdentity,
                                          long telegramUserId) {
        if (found == null || !found.botIdentity().equals(botIdentity)) {
            return PairingOutcome.failed(PairingOutcome.ERROR_NOT_FOUND);
        }
        if (consumedNow) {
            return PairingOutcome.paired(found);
        }
        if (found.consumedAt() != null) {
            // a re-delivered /start of the same sender is a success, not an error
            return Objects.equals(found.telegramUserId(), telegramUserId) ? PairingOutcome.paired(found)
                    : PairingOutcome.failed(PairingOutcome.ERROR_USED);
        }
        return PairingOutcome.failed(PairingOutcome.ERROR_EXPIRED);
    }

    private static String newCode() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
