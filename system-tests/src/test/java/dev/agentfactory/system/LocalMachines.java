package dev.agentfactory.system;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The worker processes the provider's local driver started, found through its machine records on disk.
 * They outlive a provider stop on purpose (as real machines do), so a system run ends them itself.
 */
final class LocalMachines {

    private final Path records;

    LocalMachines(Path stateDir) {
        this.records = stateDir.resolve("machines");
    }

    /** The live process of the given worker, if its machine is running. */
    Optional<ProcessHandle> workerProcess(String workerId) {
        return records().filter(r -> workerId.equals(r.path("metadata").path("workerId").asText()))
                .flatMap(r -> live(r).stream())
                .findFirst();
    }

    /** SIGTERM to every live worker (each finishes or releases its job), SIGKILL after the grace period. */
    void stopAll(Duration grace) {
        List<ProcessHandle> running = records().flatMap(r -> live(r).stream()).toList();
        running.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle process : running) {
            while (process.isAlive() && System.nanoTime() < deadline) {
                pause();
            }
            process.destroyForcibly();
        }
    }

    /** A pid from a record counts only while it still is a reference worker: pids get reused. */
    private static Optional<ProcessHandle> live(JsonNode record) {
        return ProcessHandle.of(record.path("pid").asLong())
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains("reference-worker"));
    }

    private Stream<JsonNode> records() {
        if (!Files.isDirectory(records)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.list(records)) {
            return files.filter(f -> f.toString().endsWith(".json")).map(LocalMachines::read).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return Api.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
