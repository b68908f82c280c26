package dev.agentfactory.worker.queue;

/** {@code POST /v1/claims} body. */
public record ClaimRequest(String workerId, long waitMs) {
}
