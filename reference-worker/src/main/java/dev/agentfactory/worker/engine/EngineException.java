package dev.agentfactory.worker.engine;

/** The engine could not produce a reply; {@code retryable} says whether a later attempt may succeed. */
public final class EngineException extends Exception {

    private final boolean retryable;

    public EngineException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
