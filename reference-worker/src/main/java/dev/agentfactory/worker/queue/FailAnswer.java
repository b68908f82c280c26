package dev.agentfactory.worker.queue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;

/** {@code POST /v1/leases/{leaseId}/fail} answer: retry_scheduled or dead_lettered. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FailAnswer(String outcome, Instant nextAttemptAt) {
}
