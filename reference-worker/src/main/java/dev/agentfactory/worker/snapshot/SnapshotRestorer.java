package dev.agentfactory.worker.snapshot;

import dev.agentfactory.worker.Digests;
import dev.agentfactory.worker.FileTrees;
import dev.agentfactory.worker.Log;
import dev.agentfactory.worker.hydration.ConversationKey;
import dev.agentfactory.worker.hydration.SnapshotRef;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Restores the snapshot a hydration bundle names into the conversation's data directory, unless the local data
 * already descends from it. The archive is checked (sha256, size) before anything local changes, unpacked beside
 * the data directory and then swapped in.
 */
public final class SnapshotRestorer {

    private final SnapshotClient client;
    private final ConversationDirs dirs;

    public SnapshotRestorer(SnapshotClient client, ConversationDirs dirs) {
        this.client = client;
        this.dirs = dirs;
    }

    /** Returns true when a snapshot was downloaded and unpacked. */
    public boolean restore(ConversationKey key, SnapshotRef ref) throws IOException, InterruptedException {
        if (ref == null || ref.snapshotId() == null) {
            return false;
        }
        SnapshotState state = dirs.state(key);
        if (ref.snapshotId().equals(state.baseSnapshotId())) {
            return false;
        }
        Path archive = dirs.scratchFile("restore");
        Path data = dirs.dataDir(key);
        Path staging = data.resolveSibling("data-restoring");
        Path old = data.resolveSibling("data-old");
        try {
            client.download(ref, archive);
            verify(ref, archive);
            FileTrees.delete(staging);
            SnapshotArchive.unpack(archive, staging);
            FileTrees.delete(old);
            if (Files.exists(data)) {
                Files.move(data, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging, data, StandardCopyOption.ATOMIC_MOVE);
            dirs.writeState(key, ref.snapshotId(), false);
            Log.info("snapshot " + ref.snapshotId() + " restored for conversation " + key.conversationId());
            return true;
        } finally {
            Files.deleteIfExists(archive);
            FileTrees.delete(staging);
            FileTrees.delete(old);
        }
    }

    private static void verify(SnapshotRef ref, Path archive) throws IOException {
        long size = Files.size(archive);
        if (ref.sizeBytes() != null && ref.sizeBytes() != size) {
            throw new IOException("snapshot " + ref.snapshotId() + " size " + size + " != " + ref.sizeBytes());
        }
        if (ref.sha256() != null && !ref.sha256().equalsIgnoreCase(Digests.sha256(archive))) {
            throw new IOException("snapshot " + ref.snapshotId() + " sha256 mismatch");
        }
    }
}
