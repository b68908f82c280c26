package dev.agentfactory.ingress.catalog;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory catalog projection read by the webhook hot path: agents by key, and the bot selected by the
 * SHA-256 of a webhook secret token. Indexes are rebuilt on each (rare) change and swapped atomically.
 */
@ApplicationScoped
public class AgentCatalog {

    private final Map<String, CatalogAgent> agents = new ConcurrentHashMap<>();
    private volatile Map<String, String> botByHash = Map.of();
    private volatile Map<String, List<CatalogAgent>> agentsByBot = Map.of();

    public Optional<CatalogAgent> agent(String agentKey) {
        return Optional.ofNullable(agents.get(agentKey));
    }

    public Collection<CatalogAgent> agents() {
        return List.copyOf(agents.values());
    }

    /** The agents that own the bot (normally one), enabled or not. */
    public List<CatalogAgent> agentsOfBot(String botIdentity) {
        return agentsByBot.getOrDefault(botIdentity, List.of());
    }

    /** The bot whose webhook secret is {@code secretToken}, compared by hash in constant time. */
    public Optional<String> botForSecret(String secretToken) {
        if (secretToken == null || secretToken.isEmpty()) {
            return Optional.empty();
        }
        String hash = sha256Hex(secretToken);
        String bot = botByHash.get(hash);
        if (bot == null) {
            return Optional.empty();
        }
        // the map already matched; a constant-time comparison keeps the check free of early exits
        boolean equal = agentsOfBot(bot).stream().anyMatch(agent -> agent.webhookSecretHash() != null
                && MessageDigest.isEqual(agent.webhookSecretHash().getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII)));
        return equal ? Optional.of(bot) : Optional.empty();
    }

    /** Applies a revision unless an equal or newer one is known; true when it changed the projection. */
    public synchronized boolean apply(CatalogAgent agent) {
        CatalogAgent known = agents.get(agent.agentKey());
        if (known != null && known.version() >= agent.version()) {
            return false;
        }
        agents.put(agent.agentKey(), agent);
        reindex();
        return true;
    }

    public synchronized void remove(String agentKey) {
        if (agents.remove(agentKey) != null) {
            reindex();
        }
    }

    private void reindex() {
        Map<String, String> hashes = new ConcurrentHashMap<>();
        Map<String, List<CatalogAgent>> bots = new ConcurrentHashMap<>();
        for (CatalogAgent agent : agents.values()) {
            if (!agent.hasBot()) {
                continue;
            }
            bots.merge(agent.botIdentity(), List.of(agent), (a, b) -> {
                List<CatalogAgent> all = new java.util.ArrayList<>(a);
                all.addAll(b);
                return List.copyOf(all);
            });
            if (agent.webhookSecretHash() != null) {
                hashes.put(agent.webhookSecretHash().toLowerCase(), agent.botIdentity());
            }
        }
        botByHash = Map.copyOf(hashes);
        agentsByBot = Map.copyOf(bots);
    }

    public static String sha256Hex(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
