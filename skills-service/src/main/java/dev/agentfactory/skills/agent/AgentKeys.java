package dev.agentfactory.skills.agent;

/** The agentKey pattern of the contract (common.schema.json#/$defs/agentKey). */
public final class AgentKeys {

    public static final String PATTERN = "^[a-z0-9][a-z0-9_-]{0,63}$";
    public static final String MESSAGE = "must be 1-64 characters of a-z 0-9 _ - starting with a letter or digit";

    private AgentKeys() {
    }
}
