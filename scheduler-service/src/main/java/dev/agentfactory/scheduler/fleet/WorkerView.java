package dev.agentfactory.scheduler.fleet;

import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;

/** One worker as {@code GET /v1/workers} shows it. */
public record WorkerView(String workerId, String status, String reason, Instant statusChangedAt, Instant spawnedAt,
                         boolean starting, boolean busy, String appName, String machineId, String machineState,
                         Instant createRequestedAt, Instant createConfirmedAt, Instant createFailedAt,
                         Instant firstClaimAt, Instant lastClaimAt, Instant idleSince, Instant lastHeartbeatAt,
                         Instant heartbeatStaleAt, int stopRound, Instant stopConfirmedAt, int destroyRound,
                         Instant destroyConfirmedAt, int parkCycle, Instant suspendConfirmedAt, Instant resumedAt,
                         Instant resumeConfirmedAt) {

    static WorkerView of(Row row) {
        String status = row.getString("status");
        Instant firstClaim = WorkerStore.instant(row, "first_claim_at");
        boolean starting = WorkerStore.state(row).starting();
        return new WorkerView(row.getString("worker_id"), status, row.getString("reason"),
                WorkerStore.instant(row, "status_changed_at"), WorkerStore.instant(row, "spawned_at"),
                starting, row.getBoolean("busy"), row.getString("app_name"),
                row.getString("machine_id"), row.getString("machine_state"),
                WorkerStore.instant(row, "create_requested_at"), WorkerStore.instant(row, "create_confirmed_at"),
                WorkerStore.instant(row, "create_failed_at"), firstClaim, WorkerStore.instant(row, "last_claim_at"),
                WorkerStore.instant(row, "idle_since"), WorkerStore.instant(row, "last_heartbeat_at"),
                WorkerStore.instant(row, "heartbeat_stale_at"), row.getInteger("stop_round"),
                WorkerStore.instant(row, "stop_confirmed_at"), row.getInteger("destroy_round"),
                WorkerStore.instant(row, "destroy_confirmed_at"), row.getInteger("park_cycle"),
                WorkerStore.instant(row, "suspend_confirmed_at"), WorkerStore.instant(row, "resumed_at"),
                WorkerStore.instant(row, "resume_confirmed_at"));
    }
}
