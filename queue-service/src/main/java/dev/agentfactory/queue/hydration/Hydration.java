package dev.agentfactory.queue.hydration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.queue.claim.Job;
import dev.agentfactory.queue.snapshot.Snapshot;

/**
 * Everything a worker needs to process a leased message: the message, the conversation's hydration cache,
 * the agent's runtime profile (resolved secrets, bridge config, bot token), the latest ready snapshot of
 * exactly this workspace + agent + conversation (null when none) and the skills manifest version.
 */
public record Hydration(Job message, JsonNode conversationHydration, JsonNode agent, Snapshot snapshot,
                        String skillsManifestVersion) {
}
