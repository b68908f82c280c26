package dev.agentfactory.ingress.enqueue;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** Answer of the enqueue API: where the message went. {@code replayed} marks an Idempotency-Key repeat. */
public record Accepted(String messageId, String conversationId, @JsonIgnore boolean replayed) {
}
