package dev.agentfactory.scheduler.policy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The scaling policy in force until an operator stores one with {@code PUT /v1/scaling-policy}. */
@ConfigMapping(prefix = "af.scheduler.policy")
public interface PolicyDefaults {

    /** Workers kept even without demand. */
    @WithDefault("0")
    int minWorkers();

    /** Hard ceiling on live (not stopped) workers. */
    @WithDefault("10")
    int maxWorkers();

    /** Conversations one worker serves; demand is counted in conversations, not messages. */
    @WithDefault("1")
    int conversationsPerWorker();

    /** Most workers spawned by one reconcile. */
    @WithDefault("3")
    int spawnStep();

    /** A worker idle this long since its last claim is drained when above desired. */
    @WithDefault("30m")
    Duration idleTimeout();

    /** A draining worker still holding a lease is stopped anyway after this long. */
    @WithDefault("10m")
    Duration drainTimeout();

    /** A worker reported heartbeat-stale whose last heartbeat is older than this is drained. */
    @WithDefault("2m")
    Duration heartbeatStaleAfter();

    /** A spawned worker that has not claimed within this long is overdue and drained. */
    @WithDefault("10m")
    Duration bootTimeout();

    /** An unconfirmed stop or destroy command is sent again (new round) after this long. */
    @WithDefault("2m")
    Duration commandRetry();

    /** The fallback reconcile runs when no reconcile happened for this long. */
    @WithDefault("5m")
    Duration fallbackInterval();

    /**
     * Idle workers above desired kept as suspended machines (resumed in about a second instead of a fresh boot);
     * 0 = none. Unset: {@link ScalingPolicy#defaultParkLimit}, maxWorkers when the machine can be suspended.
     */
    Optional<Integer> parkLimit();

    /** A parked machine unused this long is stopped and destroyed. */
    @WithDefault("24h")
    Duration parkedTtl();

    /** Worker image. */
    @WithDefault("registry.fly.io/agent-factory-worker:latest")
    String machineImage();

    /** Provider region; empty = the app's default. */
    Optional<String> machineRegion();

    /** shared or performance. */
    @WithDefault("shared")
    String machineCpuKind();

    /** CPUs per worker machine. */
    @WithDefault("1")
    int machineCpus();

    /** Memory per worker machine, a multiple of 256. */
    @WithDefault("2048")
    int machineMemoryMb();

    /** Data volume size; 0 = no volume. */
    @WithDefault("5")
    int machineVolumeSizeGb();

    /** Where the data volume is mounted. */
    @WithDefault("/data")
    String machineVolumePath();

    default ScalingPolicy toPolicy() {
        return new ScalingPolicy(minWorkers(), maxWorkers(), conversationsPerWorker(), spawnStep(),
                idleTimeout().toSeconds(), drainTimeout().toSeconds(), heartbeatStaleAfter().toSeconds(),
                bootTimeout().toSeconds(), commandRetry().toSeconds(), fallbackInterval().toSeconds(),
                parkLimit().orElse(ScalingPolicy.defaultParkLimit(maxWorkers(), machineMemoryMb())),
                parkedTtl().toSeconds(),
                new ScalingPolicy.MachineSpec(machineImage(), machineRegion().orElse(null), machineCpuKind(),
                        machineCpus(), machineMemoryMb(), machineVolumeSizeGb(), machineVolumePath()));
    }
}
