package dev.agentfactory.ingress.enqueue;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** What an API caller sends, whichever endpoint it used. */
public record MessageContent(String text, JsonNode payload, String workspaceId, Integer priority,
                             Instant availableAt) {
}
