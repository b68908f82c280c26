package dev.agentfactory.provider.command;

import java.time.Instant;

/** The data of {@code provider.command.succeeded|retrying|failed}. */
public record CommandOutcome(String commandId, String action, String appName, String workerId, String machineId,
                             String volumeId, int attempt, String error, String errorCode, Instant nextAttemptAt,
                             Instant at) {

    public static final String SUCCEEDED = "provider.command.succeeded";
    public static final String RETRYING = "provider.command.retrying";
    public static final String FAILED = "provider.command.failed";

    /** The Kafka key: machineId, else volumeId, else commandId. */
    public String subject() {
        return machineId != null ? machineId : volumeId != null ? volumeId : commandId;
    }
}
