package dev.agentfactory.queue.message;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/** A message's current state and its lifecycle history (oldest first). */
public record MessageView(String messageId, String conversationId, String workspaceId, String agentKey,
                          int priority, String status, int attempt, Instant availableAt, Instant enqueuedAt,
                          Instant claimedAt, Instant finishedAt, String workerId, String lastError,
                          List<HistoryEntry> history) {

    public record HistoryEntry(String type, Instant occurredAt, JsonNode data) {
    }
}
