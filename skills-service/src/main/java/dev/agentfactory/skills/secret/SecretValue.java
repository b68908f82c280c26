package dev.agentfactory.skills.secret;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of a secret import. {@link #toString()} never shows the value, so it cannot leak into a log. */
public record SecretValue(@NotNull @Size(min = 1, max = 65536) String value) {

    @Override
    public String toString() {
        return "SecretValue[value=<redacted>]";
    }
}
