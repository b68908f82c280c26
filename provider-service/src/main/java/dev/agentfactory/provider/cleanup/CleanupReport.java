package dev.agentfactory.provider.cleanup;

import java.time.Instant;
import java.util.List;

/** The data of {@code provider.cleanup.reported}, also the answer of {@code POST /v1/cleanup}. */
public record CleanupReport(String appName, String commandId, boolean dryRun, Tally machines, Tally volumes,
                            List<String> warnings, List<String> errors, Instant startedAt, Instant finishedAt) {

    public static final String TYPE = "provider.cleanup.reported";

    /** @param remaining what a fresh inventory still lists after the destroys */
    public record Tally(int found, int destroyed, int remaining) {
    }
}
