package dev.agentfactory.worker.queue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;

/** {@code POST /v1/leases/{leaseId}/heartbeat} answer. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HeartbeatAnswer(Instant leaseExpiresAt, boolean shouldStop) {
}
