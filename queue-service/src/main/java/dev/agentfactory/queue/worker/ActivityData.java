package dev.agentfactory.queue.worker;

import java.time.Instant;

/** The data of every {@code worker.*} activity event. */
public record ActivityData(String workerId, Instant at, String messageId, String conversationId, Instant idleSince,
                           Instant lastHeartbeatAt) {
}
