package dev.agentfactory.worker.lifecycle;

import dev.agentfactory.worker.hydration.Turn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TranscriptTest {

    @TempDir
    Path dir;

    @Test
    void findsTheReplyRecordedForAMessage() throws Exception {
        Transcript t = new Transcript(dir);
        assertNull(t.replyTo("m1"));
        t.append(List.of(new Turn(Turn.USER, "hi", "m1", Instant.EPOCH), new Turn(Turn.ASSISTANT, "hello", "m1", Instant.EPOCH)));
        assertEquals("hello", t.replyTo("m1"));
        assertNull(t.replyTo("m2"));
    }

    @Test
    void staysBoundedByDroppingTheOldestTurns() throws Exception {
        Transcript t = new Transcript(dir);
        String big = "x".repeat(1000);
        for (int i = 0; i < 600; i++) {
            t.append(List.of(new Turn(Turn.ASSISTANT, big, "m" + i, Instant.EPOCH)));
        }
        assertTrue(Files.size(dir.resolve(Transcript.FILE)) <= Transcript.MAX_BYTES);
        assertEquals(big, t.replyTo("m599"));
        assertNull(t.replyTo("m0"));
    }
}
