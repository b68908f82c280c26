package dev.agentfactory.worker.queue;

/** {@code POST /v1/leases/{leaseId}/fail} body. */
public record FailRequest(String error, boolean retryable) {
}
