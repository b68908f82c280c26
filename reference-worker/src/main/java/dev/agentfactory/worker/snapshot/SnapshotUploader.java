package dev.agentfactory.worker.snapshot;

import dev.agentfactory.worker.Digests;
import dev.agentfactory.worker.Log;
import dev.agentfactory.worker.hydration.ConversationKey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Uploads a conversation's data directory as a snapshot: begin → PUT content → finalize (fail on error). */
public final class SnapshotUploader {

    private final SnapshotClient client;
    private final ConversationDirs dirs;
    private final long maxBytes;

    public SnapshotUploader(SnapshotClient client, ConversationDirs dirs, long maxBytes) {
        this.client = client;
        this.dirs = dirs;
        this.maxBytes = maxBytes;
    }

    /** Uploads every conversation changed since its last snapshot; returns how many succeeded. */
    public int uploadDirty() throws IOException, InterruptedException {
        int uploaded = 0;
        for (ConversationKey key : dirs.dirty()) {
            try {
                upload(key);
                uploaded++;
            } catch (IOException | RuntimeException e) {
                Log.error("final snapshot failed for conversation " + key.conversationId(), e);
            }
        }
        return uploaded;
    }

    public String upload(ConversationKey key) throws IOException, InterruptedException {
        Path archive = dirs.scratchFile("snapshot");
        try {
            SnapshotArchive.pack(dirs.dataDir(key), archive);
            long size = Files.size(archive);
            if (size > maxBytes) {
                throw new IOException("snapshot of " + size + " bytes exceeds the limit of " + maxBytes);
            }
            String sha = Digests.sha256(archive);
            SnapshotClient.Begun begun = client.begin(key, size, sha);
            try {
                client.upload(begun, archive);
                client.finalize(begun);
            } catch (IOException | RuntimeException e) {
                try {
                    client.fail(begun.snapshotId(), e.getMessage());
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            dirs.writeState(key, begun.snapshotId(), false);
            Log.info("snapshot " + begun.snapshotId() + " uploaded for conversation " + key.conversationId()
                    + " (" + size + " bytes)");
            return begun.snapshotId();
        } finally {
            Files.deleteIfExists(archive);
        }
    }
}
