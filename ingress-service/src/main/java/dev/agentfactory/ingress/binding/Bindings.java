package dev.agentfactory.ingress.binding;

import dev.agentfactory.ingress.catalog.AgentCatalog;
import dev.agentfactory.ingress.catalog.CatalogAgent;
import dev.agentfactory.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/** Creating and revoking bindings (API and pairing), keeping the webhook's cache honest. */
@ApplicationScoped
public class Bindings {

    public static final String SOURCE_PAIRING = "telegram_pairing";
    public static final String SOURCE_API = "api";

    private final BindingStore store;
    private final BindingCache cache;
    private final AgentCatalog catalog;
    private final Pool pool;

    public Bindings(BindingStore store, BindingCache cache, AgentCatalog catalog, Pool pool) {
        this.store = store;
        this.cache = cache;
        this.catalog = catalog;
        this.pool = pool;
    }

    /** Binds inside the caller's transaction (pairing); the cache entry is dropped once it committed. */
    public Uni<Binding> bind(SqlClient tx, String consumerUserId, String agentKey, String botIdentity,
                             long telegramUserId, Long telegramChatId, String source, String actor) {
        Binding binding = new Binding(UUID.randomUUID(), consumerUserId, agentKey, botIdentity, telegramUserId,
                telegramChatId, source, Instant.now(), null, null, null);
        return store.bind(tx, binding, actor);
    }

    public void committed(Binding binding) {
        cache.invalidate(binding.botIdentity(), binding.telegramUserId());
    }

    public Uni<Binding> bindByApi(BindRequest request, String actor) {
        String bot = request.botIdentity();
        if (bot == null) {
            CatalogAgent agent = catalog.agent(request.agentKey()).orElseThrow(() -> ProblemException.unprocessable(
                    "unknown-agent", "agent '" + request.agentKey() + "' is not in the catalog"));
            if (!agent.hasBot()) {
                throw ProblemException.conflict("bot-not-registered",
                        "agent '" + request.agentKey() + "' has no Telegram bot; import its bot token first");
            }
            bot = agent.botIdentity();
        }
        String botIdentity = bot;
        return pool.withTransaction(tx -> bind(tx, request.consumerUserId(), request.agentKey(), botIdentity,
                        request.telegramUserId(), request.telegramChatId(), SOURCE_API, actor))
                .invoke(this::committed);
    }

    public Uni<Binding> revoke(UUID id, String actor, String reason) {
        return store.revoke(id, actor, reason).map(binding -> {
            if (binding == null) {
                throw ProblemException.notFound("no binding " + id);
            }
            committed(binding);
            return binding;
        });
    }
}
