package dev.agentfactory.ingress.catalog;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentCatalogTest {

    private static CatalogAgent agent(String key, long version, boolean enabled, String bot, String secret) {
        return new CatalogAgent(key, version, enabled, bot, secret == null ? null : AgentCatalog.sha256Hex(secret),
                Instant.now());
    }

    @Test
    void theSecretTokenSelectsTheBotByItsHash() {
        AgentCatalog catalog = new AgentCatalog();
        catalog.apply(agent("a", 1, true, "bot_a", "secret-a"));
        catalog.apply(agent("b", 1, true, "bot_b", "secret-b"));
        assertEquals(Optional.of("bot_a"), catalog.botForSecret("secret-a"));
        assertEquals(Optional.of("bot_b"), catalog.botForSecret("secret-b"));
        assertTrue(catalog.botForSecret("secret-c").isEmpty());
        assertTrue(catalog.botForSecret("").isEmpty());
        assertTrue(catalog.botForSecret(null).isEmpty());
    }

    @Test
    void onlyNewerRevisionsApplyAndDeletionForgetsTheBot() {
        AgentCatalog catalog = new AgentCatalog();
        assertTrue(catalog.apply(agent("a", 2, true, "bot_a", "new-secret")));
        assertFalse(catalog.apply(agent("a", 1, true, "bot_a", "old-secret")), "an older revision is ignored");
        assertFalse(catalog.apply(agent("a", 2, true, "bot_a", "old-secret")), "an equal revision is ignored");
        assertTrue(catalog.botForSecret("old-secret").isEmpty());
        assertEquals(Optional.of("bot_a"), catalog.botForSecret("new-secret"));
        assertTrue(catalog.apply(agent("a", 3, false, "bot_a", "new-secret")));
        assertEquals(Optional.of("bot_a"), catalog.botForSecret("new-secret"), "a disabled agent's bot is known");
        assertEquals(List.of(false), catalog.agentsOfBot("bot_a").stream().map(CatalogAgent::enabled).toList());
        catalog.remove("a");
        assertTrue(catalog.botForSecret("new-secret").isEmpty());
        assertTrue(catalog.agentsOfBot("bot_a").isEmpty());
    }
}
