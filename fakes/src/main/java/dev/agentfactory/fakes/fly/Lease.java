package dev.agentfactory.fakes.fly;

import java.time.Instant;

/** A machine lease: whoever holds the nonce may mutate the machine until {@code expiresAt}. */
record Lease(String nonce, String owner, String description, Instant expiresAt, String version) {

    boolean activeAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
