package dev.agentfactory.worker.engine;

import dev.agentfactory.worker.hydration.Turn;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EchoEngineTest {

    private final EchoEngine engine = new EchoEngine();

    @Test
    void repliesWithTheTextBehindAFixedPrefix() throws InterruptedException {
        assertEquals("echo: hello there", engine.reply("hello there", List.of()));
    }

    @Test
    void isDeterministicWhateverTheHistory() throws InterruptedException {
        List<Turn> history = List.of(new Turn(Turn.USER, "earlier", "m0", Instant.EPOCH),
                new Turn(Turn.ASSISTANT, "echo: earlier", "m0", Instant.EPOCH));
        assertEquals(engine.reply("same", List.of()), engine.reply("same", history));
    }

    @Test
    void answersAMessageWithoutText() throws InterruptedException {
        assertEquals(EchoEngine.NO_TEXT, engine.reply("", List.of()));
        assertEquals(EchoEngine.NO_TEXT, engine.reply(null, List.of()));
    }

    @Test
    void takesItsThinkTimeBeforeAnswering() throws InterruptedException {
        long started = System.nanoTime();
        assertEquals("echo: slow", new EchoEngine(Duration.ofMillis(300)).reply("slow", List.of()));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 300, "waited the think time");
    }
}
