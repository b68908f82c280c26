package dev.agentfactory.platform.auth;

/**
 * Who may call an endpoint. API keys carry {@link #ADMIN}, {@link #APP} or {@link #SERVICE}; an admin key
 * passes every API-key check. {@link #WORKER} is a per-worker signed token, never an API key.
 */
public enum Role {
    ADMIN, APP, SERVICE, WORKER
}
