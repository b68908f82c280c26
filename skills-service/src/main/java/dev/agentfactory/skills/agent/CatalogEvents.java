package dev.agentfactory.skills.agent;

import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.EventFactory;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** The catalog events on af.catalog.agents.v1 (compacted, key agentKey): profiles without secrets. */
@ApplicationScoped
public class CatalogEvents {

    public static final String UPDATED = "catalog.agent.updated";
    public static final String DELETED = "catalog.agent.deleted";

    private final EventFactory events;

    public CatalogEvents(EventFactory events) {
        this.events = events;
    }

    public record AgentUpdated(String agentKey, long version, boolean enabled, List<String> secretsRef,
                               BridgeConfig bridgeConfig, String botIdentity, String webhookSecretHash,
                               Instant updatedAt) {
    }

    public record AgentDeleted(String agentKey, Instant deletedAt) {
    }

    public EventEnvelope updated(AgentProfile p) {
        return events.create(UPDATED, p.agentKey(), new AgentUpdated(p.agentKey(), p.revision(), p.enabled(),
                p.secretsRef(), p.bridgeConfig(), p.botIdentity(), p.webhookSecretHash(), p.updatedAt()), p.updatedAt());
    }

    public EventEnvelope deleted(String agentKey, Instant at) {
        return events.create(DELETED, agentKey, new AgentDeleted(agentKey, at), at);
    }
}
