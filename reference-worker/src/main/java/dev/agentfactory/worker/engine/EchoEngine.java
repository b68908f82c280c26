package dev.agentfactory.worker.engine;

import dev.agentfactory.worker.hydration.Turn;

import java.time.Duration;
import java.util.List;

/**
 * Deterministic: the reply is the text behind a fixed prefix; a message without text gets a fixed answer. An optional
 * think time stands in for a model's latency, so load runs and failure drills see jobs that take a while.
 */
public final class EchoEngine implements Engine {

    public static final String PREFIX = "echo: ";
    public static final String NO_TEXT = "echo: (no text)";

    private final Duration thinkTime;

    public EchoEngine() {
        this(Duration.ZERO);
    }

    public EchoEngine(Duration thinkTime) {
        this.thinkTime = thinkTime;
    }

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String reply(String text, List<Turn> recent) throws InterruptedException {
        if (!thinkTime.isZero()) {
            Thread.sleep(thinkTime.toMillis());
        }
        return text == null || text.isBlank() ? NO_TEXT : PREFIX + text;
    }
}
