package dev.agentfactory.ingress.catalog;

import java.time.Instant;

/** What ingress knows about one agent of the catalog (from {@code catalog.agent.updated}); no secret. */
public record CatalogAgent(String agentKey, long version, boolean enabled, String botIdentity,
                           String webhookSecretHash, Instant updatedAt) {

    public boolean hasBot() {
        return botIdentity != null && !botIdentity.isBlank();
    }
}
