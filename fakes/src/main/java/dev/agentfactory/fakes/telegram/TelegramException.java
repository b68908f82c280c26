package dev.agentfactory.fakes.telegram;

/** A Bot API failure: becomes {@code {"ok":false,"error_code":N,"description":...}} with HTTP status N. */
final class TelegramException extends RuntimeException {

    private final int errorCode;
    private final Integer retryAfter;

    TelegramException(int errorCode, String description, Integer retryAfter) {
        super(description, null, false, false);
        this.errorCode = errorCode;
        this.retryAfter = retryAfter;
    }

    static TelegramException badRequest(String detail) {
        return new TelegramException(400, "Bad Request: " + detail, null);
    }

    static TelegramException unauthorized() {
        return new TelegramException(401, "Unauthorized", null);
    }

    static TelegramException notFound() {
        return new TelegramException(404, "Not Found", null);
    }

    static TelegramException tooManyRequests(int retryAfter) {
        return new TelegramException(429, "Too Many Requests: retry after " + retryAfter, retryAfter);
    }

    int errorCode() {
        return errorCode;
    }

    Integer retryAfter() {
        return retryAfter;
    }
}
