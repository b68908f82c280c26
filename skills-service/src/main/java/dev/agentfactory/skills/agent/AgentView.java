package dev.agentfactory.skills.agent;

import java.time.Instant;
import java.util.List;

/** An agent profile as the API shows it: no secret, and the webhook only as "configured or not". */
public record AgentView(
        String agentKey,
        long version,
        boolean enabled,
        List<String> secretsRef,
        BridgeConfig bridgeConfig,
        String botIdentity,
        String botUsername,
        Webhook webhook,
        Instant createdAt,
        Instant updatedAt) {

    public record Webhook(String url, boolean secretTokenConfigured) {
    }

    public static AgentView of(AgentProfile p) {
        Webhook webhook = p.webhookUrl() == null ? null : new Webhook(p.webhookUrl(), p.webhookSecretHash() != null);
        return new AgentView(p.agentKey(), p.revision(), p.enabled(), p.secretsRef(), p.bridgeConfig(), p.botIdentity(),
                p.botUsername(), webhook, p.createdAt(), p.updatedAt());
    }
}
