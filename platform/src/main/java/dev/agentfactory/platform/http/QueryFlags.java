package dev.agentfactory.platform.http;

import dev.agentfactory.platform.problem.ProblemException;

/**
 * Boolean query parameters, read strictly. JAX-RS would turn anything but "true" into false, so a typo such as
 * {@code ?all=yes} silently answered a different question; here it is a 400 naming the parameter.
 */
public final class QueryFlags {

    private QueryFlags() {
    }

    /** Absent or empty is false; otherwise exactly {@code true} or {@code false}, in any case. */
    public static boolean parse(String name, String value) {
        if (value == null || value.isEmpty() || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw ProblemException.invalid(name, "must be true or false");
    }
}
