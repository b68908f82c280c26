package dev.agentfactory.provider.fleet;

import java.time.Instant;

/** The part of {@code worker.status-changed} (af.scheduler.fleet.v1) the provider keeps. */
public record WorkerStatusChanged(String workerId, String status, String previousStatus, String reason,
                                  Instant changedAt, String machineId, String appName) {
}
