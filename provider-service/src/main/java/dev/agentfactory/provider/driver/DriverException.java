package dev.agentfactory.provider.driver;

import java.time.Duration;

/**
 * A failed provider operation.
 *
 * @see #code() short machine-readable cause ({@code rate_limited}, {@code http_503}, {@code insufficient_capacity},
 * {@code not_found}, {@code foreign_machine}, …)
 */
public class DriverException extends RuntimeException {

    private final String code;
    private final boolean retryable;
    private final Duration retryAfter;
    private final int httpStatus;

    public DriverException(String code, String message, boolean retryable, Duration retryAfter, int httpStatus) {
        super(message);
        this.code = code;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.httpStatus = httpStatus;
    }

    public static DriverException permanent(String code, String message) {
        return new DriverException(code, message, false, null, 0);
    }

    public static DriverException transientFailure(String code, String message) {
        return new DriverException(code, message, true, null, 0);
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The provider's Retry-After, when it sent one. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** HTTP status of the provider's answer, 0 when not an HTTP failure. */
    public int httpStatus() {
        return httpStatus;
    }

    public boolean notFound() {
        return httpStatus == 404 || "not_found".equals(code);
    }
}
