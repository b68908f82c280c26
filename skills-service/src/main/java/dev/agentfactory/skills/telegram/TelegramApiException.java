package dev.agentfactory.skills.telegram;

/**
 * The Bot API answered {@code ok:false}: {@code errorCode} is Telegram's error code (also the HTTP status),
 * {@code description} its text, which never contains the token.
 */
public class TelegramApiException extends RuntimeException {

    private final int errorCode;
    private final String description;

    public TelegramApiException(int errorCode, String description) {
        super("Telegram answered " + errorCode + ": " + description);
        this.errorCode = errorCode;
        this.description = description;
    }

    public int errorCode() {
        return errorCode;
    }

    public String description() {
        return description;
    }

    /** The Bot API could not be reached or answered something that is not the protocol. Message is redacted. */
    public static class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }
}
