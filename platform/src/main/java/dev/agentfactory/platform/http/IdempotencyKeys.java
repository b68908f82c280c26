package dev.agentfactory.platform.http;

import dev.agentfactory.platform.problem.ProblemException;

/** The {@code Idempotency-Key} request header, the same rule wherever an endpoint honours it. */
public final class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    static final int MAX_LENGTH = 200;

    private IdempotencyKeys() {
    }

    /** Absent is fine; present, it must be 1-200 characters, not all blank. */
    public static void check(String key) {
        if (key != null && (key.isBlank() || key.length() > MAX_LENGTH)) {
            throw ProblemException.invalid(HEADER, "must be 1-" + MAX_LENGTH + " characters");
        }
    }
}
