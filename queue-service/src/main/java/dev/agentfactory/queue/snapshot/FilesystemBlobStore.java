package dev.agentfactory.queue.snapshot;

import dev.agentfactory.queue.config.QueueConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.ReadStream;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.file.AsyncFile;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Blobs as files under {@code af.queue.snapshots.dir}: written to a temporary file of their own, then moved into
 * place in one step, so a reader sees the previous blob or the whole new one and two writers never share a file.
 */
@ApplicationScoped
public class FilesystemBlobStore implements BlobStore {

    private static final OpenOptions NEW_FILE = new OpenOptions().setWrite(true).setCreateNew(true);
    private static final OpenOptions READ = new OpenOptions().setRead(true).setWrite(false).setCreate(false);

    private final Vertx vertx;
    private final Path root;

    public FilesystemBlobStore(Vertx vertx, QueueConfig config) {
        this.vertx = vertx;
        this.root = Path.of(config.snapshots().dir()).toAbsolutePath();
    }

    @Override
    public Uni<Writer> create(String key) {
        String target = path(key);
        String partial = target + "." + UUID.randomUUID() + ".part";
        return vertx.fileSystem().mkdirs(root.toString())
                .chain(() -> vertx.fileSystem().open(partial, NEW_FILE))
                .map(file -> new FileWriter(file, partial, target));
    }

    @Override
    public Uni<Blob> open(String key) {
        String target = path(key);
        return vertx.fileSystem().exists(target).chain(exists -> !exists ? Uni.createFrom().nullItem()
                : vertx.fileSystem().props(target).chain(props -> vertx.fileSystem().open(target, READ)
                        .map(file -> new FileBlob(props.size(), file))));
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

    private record FileBlob(long sizeBytes, AsyncFile file) implements Blob {

        @Override
        public ReadStream<Buffer> content() {
            return file.getDelegate();
        }

        @Override
        public Uni<Void> close() {
            return file.close();
        }
    }

    private final class FileWriter implements Writer {

        private final AsyncFile file;
        private final String partial;
        private final String target;

        FileWriter(AsyncFile file, String partial, String target) {
            this.file = file;
            this.partial = partial;
            this.target = target;
        }

        @Override
        public Uni<Void> write(Buffer chunk) {
            return file.write(io.vertx.mutiny.core.buffer.Buffer.newInstance(chunk));
        }

        @Override
        public Uni<Void> commit() {
            return file.flush().chain(file::close).chain(() -> vertx.fileSystem().move(partial, target,
                    new CopyOptions().setReplaceExisting(true).setAtomicMove(true)));
        }

        @Override
        public Uni<Void> abort() {
            return file.close().onFailure().recoverWithNull()
                    .chain(() -> vertx.fileSystem().delete(partial)).onFailure().recoverWithNull();
        }
    }
}
