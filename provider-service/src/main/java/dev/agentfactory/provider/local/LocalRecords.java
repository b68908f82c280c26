package dev.agentfactory.provider.local;

import dev.agentfactory.platform.event.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local driver's inventory on disk: one JSON record per machine and per volume under the state dir, so a
 * restarted provider still knows its processes (by pid and start instant) and volume directories.
 */
final class LocalRecords {

    /** A local machine: a process started from the worker command. Its environment is never written to disk. */
    record MachineRecord(String id, String name, String app, long pid, Instant processStart, String region,
                         String volumeId, String volumeDir, boolean cordoned, String desiredState,
                         Map<String, String> metadata, Instant createdAt) {

        MachineRecord with(long newPid, Instant newStart, String newDesired) {
            return new MachineRecord(id, name, app, newPid, newStart, region, volumeId, volumeDir, cordoned,
                    newDesired, metadata, createdAt);
        }

        MachineRecord cordon() {
            return new MachineRecord(id, name, app, pid, processStart, region, volumeId, volumeDir, true,
                    desiredState, metadata, createdAt);
        }
    }

    /** A local volume: a directory. */
    record VolumeRecord(String id, String name, String app, int sizeGb, String region, String dir, Instant createdAt) {
    }

    private final Path machines;
    private final Path volumes;

    LocalRecords(Path stateDir) {
        this.machines = stateDir.resolve("machines");
        this.volumes = stateDir.resolve("volumes");
        try {
            Files.createDirectories(machines);
            Files.createDirectories(volumes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path volumesDir() {
        return volumes;
    }

    Path logFile(String machineId) {
        return machines.resolve(machineId + ".log");
    }

    void save(MachineRecord record) {
        write(machines.resolve(record.id() + ".json"), record);
    }

    void save(VolumeRecord record) {
        write(volumes.resolve(record.id() + ".json"), record);
    }

    Optional<MachineRecord> machine(String id) {
        return read(machines.resolve(id + ".json"), MachineRecord.class);
    }

    Optional<VolumeRecord> volume(String id) {
        return read(volumes.resolve(id + ".json"), VolumeRecord.class);
    }

    List<MachineRecord> machines() {
        return all(machines, MachineRecord.class);
    }

    List<VolumeRecord> volumes() {
        return all(volumes, VolumeRecord.class);
    }

    void deleteMachine(String id) {
        delete(machines.resolve(id + ".json"));
    }

    void deleteVolume(String id) {
        delete(volumes.resolve(id + ".json"));
    }

    private static <T> List<T> all(Path dir, Class<T> type) {
        try (Stream<Path> files = Files.list(dir)) {
            List<T> records = new ArrayList<>();
            files.filter(f -> f.toString().endsWith(".json")).sorted()
                    .forEach(f -> read(f, type).ifPresent(records::add));
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> Optional<T> read(Path file, Class<T> type) {
        try {
            return Files.exists(file) ? Optional.of(Json.MAPPER.readValue(file.toFile(), type)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void write(Path file, Object record) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, Json.write(record));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
