package dev.agentfactory.worker.telegram;

/** sendMessage failed; 429 beyond the retry budget, 5xx and network errors are retryable, other 4xx are not. */
public final class TelegramException extends RuntimeException {

    private final int errorCode;
    private final boolean retryable;

    public TelegramException(int errorCode, String description, boolean retryable) {
        super("telegram sendMessage failed (" + errorCode + "): " + description);
        this.errorCode = errorCode;
        this.retryable = retryable;
    }

    public int errorCode() {
        return errorCode;
    }

    public boolean retryable() {
        return retryable;
    }
}
