package dev.agentfactory.fakes.telegram;

/** An injected flood-control window: the next {@code remaining} sends to a chat (or any chat) get a 429. */
final class FloodRule {

    private final Long chatId;
    private final int retryAfterSeconds;
    private int remaining;

    FloodRule(Long chatId, int retryAfterSeconds, int count) {
        this.chatId = chatId;
        this.retryAfterSeconds = retryAfterSeconds;
        this.remaining = count;
    }

    /** Consumes one rejection when the rule applies to {@code chat}; caller holds the state lock. */
    boolean consume(long chat) {
        if (remaining <= 0 || (chatId != null && chatId != chat)) {
            return false;
        }
        remaining--;
        return true;
    }

    boolean exhausted() {
        return remaining <= 0;
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
