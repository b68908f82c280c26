package dev.agentfactory.worker.engine;

import dev.agentfactory.worker.hydration.Turn;

import java.util.List;

/** Deterministic: the reply is the text behind a fixed prefix; a message without text gets a fixed answer. */
public final class EchoEngine implements Engine {

    public static final String PREFIX = "echo: ";
    public static final String NO_TEXT = "echo: (no text)";

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String reply(String text, List<Turn> recent) {
        return text == null || text.isBlank() ? NO_TEXT : PREFIX + text;
    }
}
