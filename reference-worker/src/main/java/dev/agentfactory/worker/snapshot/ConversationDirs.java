package dev.agentfactory.worker.snapshot;

import dev.agentfactory.worker.Json;
import dev.agentfactory.worker.hydration.ConversationKey;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The work dir layout: {@code conversations/<hash of the tuple>/data} is a conversation's state (what snapshots carry),
 * {@code conversations/<hash>/snapshot-state.json} its bookkeeping, {@code tmp/} scratch for archives.
 */
public final class ConversationDirs {

    private final Path root;
    private final Path scratch;

    public ConversationDirs(Path workDir) {
        this.root = workDir.resolve("conversations");
        this.scratch = workDir.resolve("tmp");
    }

    public Path dataDir(ConversationKey key) {
        return root.resolve(key.dirName()).resolve("data");
    }

    public Path scratchFile(String prefix) throws IOException {
        Files.createDirectories(scratch);
        return scratch.resolve(prefix + "-" + UUID.randomUUID());
    }

    public SnapshotState state(ConversationKey key) throws IOException {
        Path file = stateFile(key);
        if (!Files.exists(file)) {
            return new SnapshotState(key.workspaceId(), key.agentKey(), key.conversationId(), null, false);
        }
        return Json.read(Files.readAllBytes(file), SnapshotState.class);
    }

    public void writeState(ConversationKey key, String baseSnapshotId, boolean dirty) throws IOException {
        Path file = stateFile(key);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, Json.write(new SnapshotState(key.workspaceId(), key.agentKey(), key.conversationId(),
                baseSnapshotId, dirty)));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public void markDirty(ConversationKey key) throws IOException {
        SnapshotState s = state(key);
        if (!s.dirty()) {
            writeState(key, s.baseSnapshotId(), true);
        }
    }

    /** Every conversation on this volume changed since its last snapshot (also those of an earlier process). */
    public List<ConversationKey> dirty() throws IOException {
        List<ConversationKey> keys = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return keys;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                Path file = dir.resolve("snapshot-state.json");
                if (Files.exists(file)) {
                    SnapshotState s = Json.read(Files.readAllBytes(file), SnapshotState.class);
                    if (s.dirty()) {
                        keys.add(new ConversationKey(s.workspaceId(), s.agentKey(), s.conversationId()));
                    }
                }
            }
        }
        return keys;
    }

    private Path stateFile(ConversationKey key) {
        return root.resolve(key.dirName()).resolve("snapshot-state.json");
    }
}
