package dev.agentfactory.worker.engine;

import dev.agentfactory.worker.hydration.Turn;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EchoEngineTest {

    private final EchoEngine engine = new EchoEngine();

    @Test
    void repliesWithTheTextBehindAFixedPrefix() {
        assertEquals("echo: hello there", engine.reply("hello there", List.of()));
    }

    @Test
    void isDeterministicWhateverTheHistory() {
        List<Turn> history = List.of(new Turn(Turn.USER, "earlier", "m0", Instant.EPOCH),
                new Turn(Turn.ASSISTANT, "echo: earlier", "m0", Instant.EPOCH));
        assertEquals(engine.reply("same", List.of()), engine.reply("same", history));
    }

    @Test
    void answersAMessageWithoutText() {
        assertEquals(EchoEngine.NO_TEXT, engine.reply("", List.of()));
        assertEquals(EchoEngine.NO_TEXT, engine.reply(null, List.of()));
    }
}
