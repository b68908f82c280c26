package dev.agentfactory.skills.agent;

import java.time.Instant;
import java.util.List;

/**
 * An agent as stored. {@code revision} grows by one on every change and is the {@code version} of the
 * catalog event; the webhook secret itself is never kept, only its SHA-256.
 */
public record AgentProfile(
        String agentKey,
        long revision,
        boolean enabled,
        List<String> secretsRef,
        BridgeConfig bridgeConfig,
        String botIdentity,
        String botUsername,
        String webhookUrl,
        String webhookSecretHash,
        Instant createdAt,
        Instant updatedAt) {

    public AgentProfile withSettings(boolean enabled, List<String> secretsRef, BridgeConfig bridge) {
        return new AgentProfile(agentKey, revision, enabled, secretsRef, bridge, botIdentity, botUsername, webhookUrl,
                webhookSecretHash, createdAt, updatedAt);
    }

    public AgentProfile withBot(String identity, String username) {
        boolean sameBot = identity != null && identity.equals(botIdentity);
        // a webhook registered for another bot says nothing about this one
        return new AgentProfile(agentKey, revision, enabled, secretsRef, bridgeConfig, identity, username,
                sameBot ? webhookUrl : null, sameBot ? webhookSecretHash : null, createdAt, updatedAt);
    }

    public AgentProfile withWebhook(String url, String secretHash) {
        return new AgentProfile(agentKey, revision, enabled, secretsRef, bridgeConfig, botIdentity, botUsername, url,
                secretHash, createdAt, updatedAt);
    }

    public AgentProfile nextRevision(Instant at) {
        return new AgentProfile(agentKey, revision + 1, enabled, secretsRef, bridgeConfig, botIdentity, botUsername,
                webhookUrl, webhookSecretHash, createdAt, at);
    }

    /** Same content, ignoring revision and timestamps. */
    public boolean sameContent(AgentProfile other) {
        return enabled == other.enabled && secretsRef.equals(other.secretsRef) && bridgeConfig.equals(other.bridgeConfig)
                && java.util.Objects.equals(botIdentity, other.botIdentity)
                && java.util.Objects.equals(botUsername, other.botUsername)
                && java.util.Objects.equals(webhookUrl, other.webhookUrl)
                && java.util.Objects.equals(webhookSecretHash, other.webhookSecretHash);
    }
}
