package dev.agentfactory.worker.lifecycle;

import dev.agentfactory.worker.Json;
import dev.agentfactory.worker.hydration.Turn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * {@code transcript.jsonl} in a conversation's data directory: every turn this agent saw and said, one JSON object
 * per line. It is what snapshots carry, and it lets a redelivered message reuse the reply already sent.
 */
final class Transcript {

    static final String FILE = "transcript.jsonl";
    /** Past this size the oldest half of the lines is dropped, so snapshots stay well under the queue's limit. */
    static final long MAX_BYTES = 256 * 1024;

    private final Path file;

    Transcript(Path dataDir) {
        this.file = dataDir.resolve(FILE);
    }

    void append(List<Turn> turns) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder lines = new StringBuilder();
        for (Turn t : turns) {
            lines.append(new String(Json.write(t), StandardCharsets.UTF_8)).append('\n');
        }
        Files.writeString(file, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (Files.size(file) > MAX_BYTES) {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.write(tmp, all.subList(all.size() / 2, all.size()), StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The assistant's reply already recorded for {@code messageId}, or null. */
    String replyTo(String messageId) throws IOException {
        if (messageId == null || !Files.exists(file)) {
            return null;
        }
        String found = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            Turn t = Json.read(line.getBytes(StandardCharsets.UTF_8), Turn.class);
            if (Turn.ASSISTANT.equals(t.role()) && messageId.equals(t.messageId())) {
                found = t.text();
            }
        }
        return found;
    }
}
