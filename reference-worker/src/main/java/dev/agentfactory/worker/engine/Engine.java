package dev.agentfactory.worker.engine;

import dev.agentfactory.worker.hydration.Turn;

import java.util.List;

/** Turns one inbound message (with the conversation's recent turns) into a reply text. */
public interface Engine {

    /** A short name for results and logs. */
    String name();

    /**
     * @param text   the message text (never null; empty for messages without text)
     * @param recent earlier turns of the conversation, oldest first, not including this message
     */
    String reply(String text, List<Turn> recent) throws EngineException, InterruptedException;
}
