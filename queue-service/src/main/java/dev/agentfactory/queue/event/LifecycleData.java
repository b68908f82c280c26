package dev.agentfactory.queue.event;

import java.time.Instant;

/** The data of every {@code queue.message.*} event (deploy/contracts/schemas/queue-lifecycle-data.schema.json). */
public record LifecycleData(
        String messageId,
        String conversationId,
        String workspaceId,
        String agentKey,
        String workerId,
        String leaseId,
        Integer attempt,
        String error,
        Boolean retryable,
        Instant nextAttemptAt,
        Instant leaseExpiresAt) {

    public static LifecycleData of(MessageRef ref) {
        return new LifecycleData(ref.messageId(), ref.conversationId(), ref.workspaceId(), ref.agentKey(),
                null, null, ref.attempt(), null, null, null, null);
    }

    public LifecycleData withLease(String worker, String lease, Instant expiresAt) {
        return new LifecycleData(messageId, conversationId, workspaceId, agentKey, worker, lease, attempt, error,
                retryable, nextAttemptAt, expiresAt);
    }

    public LifecycleData withFailure(String failure, Boolean canRetry, Instant next) {
        return new LifecycleData(messageId, conversationId, workspaceId, agentKey, workerId, leaseId, attempt,
                failure, canRetry, next, leaseExpiresAt);
    }
}
