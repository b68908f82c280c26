package dev.agentfactory.queue.claim;

import io.vertx.mutiny.sqlclient.Row;

/**
 * When a conversation's head becomes claimable, as the statement that last changed the conversation saw it: never
 * (no head, or the conversation is leased), now, or in {@code inMs} milliseconds (a delayed message, a retry's
 * backoff). Statements report it in a column {@code due_ms} built by {@link #column}.
 */
public record Due(long inMs) {

    public static final Due NEVER = new Due(-1);
    public static final Due NOW = new Due(0);

    /**
     * The SQL of the column {@code due_ms} for a head that becomes claimable at {@code availableAt}: null when that
     * is null, 0 when it has come, else the milliseconds left, rounded up so that a timer set to them never rings
     * early. The common case is a plain comparison; the arithmetic is only for a head that is not due yet.
     */
    public static String column(String availableAt) {
        return "CASE WHEN " + availableAt + " <= now() THEN 0 ELSE ceil(extract(epoch FROM " + availableAt
                + " - now()) * 1000)::bigint END AS due_ms";
    }

    /** Reads the column {@code due_ms}. */
    public static Due of(Row row) {
        Long ms = row.getLong("due_ms");
        return ms == null ? NEVER : in(ms);
    }

    public static Due in(long ms) {
        return ms <= 0 ? NOW : new Due(ms);
    }

    /** Claimable as of the statement. */
    public boolean now() {
        return inMs == 0;
    }

    /** Claimable later, unless something else changes the conversation first. */
    public boolean later() {
        return inMs > 0;
    }
}
