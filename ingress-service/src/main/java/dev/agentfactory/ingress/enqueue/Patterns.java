package dev.agentfactory.ingress.enqueue;

/** Identifier rules shared by the request records (mirroring deploy/contracts/schemas/common.schema.json). */
public final class Patterns {

    public static final String AGENT_KEY = "^[a-z0-9][a-z0-9_-]{0,63}$";
    public static final String AGENT_KEY_MESSAGE = "must be 1-64 of a-z 0-9 _ - starting with a letter or digit";
    public static final String USER_ID = "^[^\\s/]{1,200}$";
    public static final String USER_ID_MESSAGE = "must be 1-200 characters without spaces or slashes";

    private Patterns() {
    }
}
