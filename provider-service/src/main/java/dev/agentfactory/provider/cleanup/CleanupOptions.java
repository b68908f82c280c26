package dev.agentfactory.provider.cleanup;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Body of {@code POST /v1/cleanup}. {@code dryRun} must be stated: the cleanup is destructive.
 *
 * @param machineConcurrency machines destroyed at the same time (1-32, default from config)
 * @param volumeConcurrency  volumes destroyed at the same time (1-32, default from config)
 */
public record CleanupOptions(@NotNull Boolean dryRun, @Min(1) @Max(32) Integer machineConcurrency,
                             @Min(1) @Max(32) Integer volumeConcurrency) {
}
