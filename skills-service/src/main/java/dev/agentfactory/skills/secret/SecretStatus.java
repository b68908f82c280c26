package dev.agentfactory.skills.secret;

import java.time.Instant;

/** What may be said about a secret without revealing it. */
public record SecretStatus(String ref, boolean exists, Integer activeVersion, Instant updatedAt) {

    public static SecretStatus absent(String ref) {
        return new SecretStatus(ref, false, null, null);
    }
}
