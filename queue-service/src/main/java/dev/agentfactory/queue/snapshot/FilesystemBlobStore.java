package dev.agentfactory.queue.snapshot;

import dev.agentfactory.queue.config.QueueConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.ReadStream;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.file.AsyncFile;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * Blobs as files under {@code af.queue.snapshots.dir}: written to a temporary file of their own, then moved into
 * place in one step, so a reader sees the previous blob or the whole new one and two writers never share a file.
 */
@ApplicationScoped
public class FilesystemBlobStore implements BlobStore {

    private static final String COMMITTED = ".blob";
    private static final String UNFINISHED = ".part";
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
        String partial = target + "." + UUID.randomUUID() + UNFINISHED;
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

    @Override
    public Multi<String> keys() {
        // the directory is read entry by entry on a worker thread, as the subscriber asks for more
        return Multi.createFrom().resource(() -> files("*" + COMMITTED), files -> Multi.createFrom().iterable(files)
                        .map(file -> file.getFileName().toString())
                        .map(name -> name.substring(0, name.length() - COMMITTED.length())))
                .withFinalizer(FilesystemBlobStore::close)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    @Override
    public Uni<Integer> dropUnfinished(Instant before) {
        return Uni.createFrom().item(() -> {
            int dropped = 0;
            try (DirectoryStream<Path> partials = files("*" + UNFINISHED)) {
                for (Path partial : partials) {
                    if (Files.getLastModifiedTime(partial).toInstant().isBefore(before)
                            && Files.deleteIfExists(partial)) {
                        dropped++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return dropped;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** The directory's files matching {@code glob}, read as they are iterated; to be closed. */
    private DirectoryStream<Path> files(String glob) {
        try {
            Files.createDirectories(root); // as a write would: the store may not have been written to yet
            return Files.newDirectoryStream(root, glob);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(DirectoryStream<Path> files) {
        try {
            files.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String path(String key) {
        if (!key.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("blob keys are ids");
        }
        return root.resolve(key + COMMITTED).toString();
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
