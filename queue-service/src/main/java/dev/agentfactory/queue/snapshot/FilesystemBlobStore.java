package dev.agentfactory.queue.snapshot;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import dev.agentfactory.queue.config.QueueConfig;

import java.nio.file.Path;

/** Blobs as files under {@code af.queue.snapshots.dir}; written to a temporary name, then moved into place. */
@ApplicationScoped
public class FilesystemBlobStore implements BlobStore {

    private final Vertx vertx;
    private final Path root;

    public FilesystemBlobStore(Vertx vertx, QueueConfig config) {
        this.vertx = vertx;
        this.root = Path.of(config.snapshots().dir()).toAbsolutePath();
    }

    @Override
    public Uni<Void> put(String key, Buffer content) {
        String target = path(key);
        String partial = target + ".part";
        return vertx.fileSystem().mkdirs(root.toString())
                .chain(() -> vertx.fileSystem().writeFile(partial, content))
                .chain(() -> vertx.fileSystem().move(partial, target,
                        new io.vertx.core.file.CopyOptions().setReplaceExisting(true).setAtomicMove(true)));
    }

    @Override
    public Uni<Buffer> get(String key) {
        String target = path(key);
        return vertx.fileSystem().exists(target)
                .chain(exists -> exists ? vertx.fileSystem().readFile(target) : Uni.createFrom().nullItem());
    }

    @Override
    public Uni<Void> delete(String key) {
        String target = path(key);
        return vertx.fileSystem().exists(target)
                .chain(exists -> exists ? vertx.fileSystem().delete(target) : Uni.createFrom().voidItem());
    }

    private String path(String key) {
        if (!key.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("blob keys are ids");
        }
        return root.resolve(key + ".blob").toString();
    }
}
