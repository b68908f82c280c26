package dev.agentfactory.scheduler.fleet;

import java.time.Instant;

/** Data of {@code worker.status-changed} on af.scheduler.fleet.v1. */
public record StatusChanged(String workerId, String status, String previousStatus, String reason, Instant changedAt,
                            String machineId, String appName) {
}
