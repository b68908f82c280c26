package dev.agentfactory.queue.depth;

import java.time.Instant;

/**
 * Conversation-aware depth of one workspace ({@code queue.depth} data). {@code readyMessages} counts queued
 * messages whose time has come, including those waiting behind a leased head of their conversation.
 */
public record Depth(String workspaceId, long readyMessages, long readyConversations, long busyConversations,
                    long delayedMessages, long deadLetters, long oldestReadyAgeMs, Instant measuredAt) {

    static Depth empty(String workspaceId, Instant at) {
        return new Depth(workspaceId, 0, 0, 0, 0, 0, 0, at);
    }
}
