package dev.agentfactory.scheduler.policy;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * How the fleet follows demand. Wire model of {@code GET/PUT /v1/scaling-policy} and the input of the
 * capacity decision. Durations are whole seconds. {@code parkLimit} and {@code parkedTtlSeconds} may be omitted
 * (no pool; one day), so policies stored before the pool existed keep their meaning. The configured default policy
 * has a pool, see {@link #defaultParkLimit}.
 */
public record ScalingPolicy(
        @NotNull @Min(0) @Max(1000) Integer minWorkers,
        @NotNull @Min(0) @Max(1000) Integer maxWorkers,
        @NotNull @Min(1) @Max(1000) Integer conversationsPerWorker,
        @NotNull @Min(1) @Max(1000) Integer spawnStep,
        @NotNull @Min(1) @Max(604800) Long idleTimeoutSeconds,
        @NotNull @Min(1) @Max(86400) Long drainTimeoutSeconds,
        @NotNull @Min(1) @Max(86400) Long heartbeatStaleAfterSeconds,
        @NotNull @Min(1) @Max(86400) Long bootTimeoutSeconds,
        @NotNull @Min(1) @Max(86400) Long commandRetrySeconds,
        @NotNull @Min(10) @Max(86400) Long fallbackIntervalSeconds,
        @Min(0) @Max(1000) Integer parkLimit,
        @Min(60) @Max(2592000) Long parkedTtlSeconds,
        @NotNull @Valid MachineSpec machine) {

    /** Parked machines of a stored policy that does not say: none, as before the pool existed. */
    public static final int DEFAULT_PARK_LIMIT = 0;
    /** Fly suspends machines of at most this much memory (larger ones are discouraged: slow to snapshot). */
    public static final int SUSPEND_MAX_MEMORY_MB = 2048;
    public static final long DEFAULT_PARKED_TTL_SECONDS = 86400;

    public ScalingPolicy {
        parkLimit = parkLimit == null ? DEFAULT_PARK_LIMIT : parkLimit;
        parkedTtlSeconds = parkedTtlSeconds == null ? DEFAULT_PARKED_TTL_SECONDS : parkedTtlSeconds;
    }

    /**
     * The pool of the configured default policy: as large as the fleet may grow when the machine is small enough to
     * suspend, none otherwise. Resuming a parked machine takes about a second where a cold boot takes tens, so
     * without a pool a burst's new conversations wait for boots (see the capacity simulation in the README); a
     * failed suspend retires the worker, so a provider that cannot suspend costs one command, not a stuck worker.
     */
    public static int defaultParkLimit(int maxWorkers, int memoryMb) {
        return memoryMb <= SUSPEND_MAX_MEMORY_MB ? maxWorkers : 0;
    }

    public Duration idleTimeout() {
        return Duration.ofSeconds(idleTimeoutSeconds);
    }

    public Duration drainTimeout() {
        return Duration.ofSeconds(drainTimeoutSeconds);
    }

    public Duration heartbeatStaleAfter() {
        return Duration.ofSeconds(heartbeatStaleAfterSeconds);
    }

    public Duration bootTimeout() {
        return Duration.ofSeconds(bootTimeoutSeconds);
    }

    public Duration commandRetry() {
        return Duration.ofSeconds(commandRetrySeconds);
    }

    public Duration fallbackInterval() {
        return Duration.ofSeconds(fallbackIntervalSeconds);
    }

    public Duration parkedTtl() {
        return Duration.ofSeconds(parkedTtlSeconds);
    }

    /** Same policy, other bounds (handy for tests and the simulation). */
    public ScalingPolicy withBounds(int min, int max, int perWorker, int step) {
        return new ScalingPolicy(min, max, perWorker, step, idleTimeoutSeconds, drainTimeoutSeconds,
                heartbeatStaleAfterSeconds, bootTimeoutSeconds, commandRetrySeconds, fallbackIntervalSeconds,
                parkLimit, parkedTtlSeconds, machine);
    }

    /** Same policy with a pool of at most {@code limit} parked machines kept for {@code ttlSeconds}. */
    public ScalingPolicy withParking(int limit, long ttlSeconds) {
        return new ScalingPolicy(minWorkers, maxWorkers, conversationsPerWorker, spawnStep, idleTimeoutSeconds,
                drainTimeoutSeconds, heartbeatStaleAfterSeconds, bootTimeoutSeconds, commandRetrySeconds,
                fallbackIntervalSeconds, limit, ttlSeconds, machine);
    }

    /** The worker machine: image, size, region and data volume. */
    public record MachineSpec(
            @NotNull @jakarta.validation.constraints.NotBlank @jakarta.validation.constraints.Size(max = 500) String image,
            @jakarta.validation.constraints.Pattern(regexp = "^[a-z0-9]{2,32}$") String region,
            @NotNull @jakarta.validation.constraints.Pattern(regexp = "^(shared|performance)$") String cpuKind,
            @NotNull @Min(1) @Max(64) Integer cpus,
            @NotNull @Min(256) @Max(262144) Integer memoryMb,
            @NotNull @Min(0) @Max(500) Integer volumeSizeGb,
            @NotNull @jakarta.validation.constraints.Pattern(regexp = "^/[A-Za-z0-9_./-]{0,200}$") String volumePath) {
    }
}
