package dev.agentfactory.worker.hydration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;

/** One turn of a conversation as kept in the hydration cache: role user or assistant. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Turn(String role, String text, String messageId, Instant at) {

    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
}
