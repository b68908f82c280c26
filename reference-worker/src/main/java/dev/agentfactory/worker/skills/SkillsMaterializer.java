package dev.agentfactory.worker.skills;

import dev.agentfactory.worker.FileTrees;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.UUID;

/**
 * Puts verified skill files in place atomically. The skills directory is a symbolic link to one generation under a
 * sibling store ({@code .<name>-store/<generation>}); a new generation is written completely into a staging directory,
 * then a fresh link is renamed over the old one (rename(2) is atomic), so readers see either the old or the new set,
 * never a mix. Older generations are removed afterwards. Only the manifest's skills exist in a generation.
 */
public final class SkillsMaterializer {

    private final Path skillsDir;
    private final Path store;

    public SkillsMaterializer(Path skillsDir) {
        this.skillsDir = skillsDir.toAbsolutePath();
        this.store = this.skillsDir.resolveSibling("." + this.skillsDir.getFileName() + "-store");
    }

    public Path skillsDir() {
        return skillsDir;
    }

    /** Writes {@code files} (path below the skills directory → bytes) as the new current generation. */
    public void materialize(Map<String, byte[]> files) throws IOException {
        Files.createDirectories(store);
        String generation = System.currentTimeMillis() + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path staging = store.resolve("staging-" + generation);
        Path target = store.resolve(generation);
        try {
            Files.createDirectories(staging);
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Path file = staging.resolve(e.getKey()).normalize();
                if (!file.startsWith(staging)) {
                    throw new IOException("path escapes the skills directory: " + e.getKey());
                }
                Files.createDirectories(file.getParent());
                Files.write(file, e.getValue());
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            swapLink(target);
        } catch (IOException | RuntimeException e) {
            FileTrees.delete(staging);
            FileTrees.delete(target);
            throw e;
        }
        removeOtherGenerations(target);
    }

    private void swapLink(Path target) throws IOException {
        if (Files.exists(skillsDir, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(skillsDir)) {
            // a plain directory from an earlier layout: park it in the store (the one non-atomic step, first run only)
            Files.move(skillsDir, store.resolve("legacy-" + UUID.randomUUID()), StandardCopyOption.ATOMIC_MOVE);
        }
        Path link = skillsDir.resolveSibling("." + skillsDir.getFileName() + "-link-" + UUID.randomUUID());
        Files.createSymbolicLink(link, skillsDir.getParent().relativize(target));
        try {
            Files.move(link, skillsDir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(link);
            throw e;
        }
    }

    private void removeOtherGenerations(Path current) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(store)) {
            for (Path p : entries) {
                if (!p.equals(current)) {
                    FileTrees.delete(p);
                }
            }
        } catch (IOException ignored) {
            // best effort: a leftover generation is harmless
        }
    }
}
