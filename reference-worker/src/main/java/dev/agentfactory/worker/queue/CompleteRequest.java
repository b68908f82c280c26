package dev.agentfactory.worker.queue;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code POST /v1/leases/{leaseId}/complete} body; {@code claimNext} asks for the next job in the same round trip. */
public record CompleteRequest(JsonNode result, JsonNode hydrationDelta, Boolean claimNext, Long waitMs) {
}
