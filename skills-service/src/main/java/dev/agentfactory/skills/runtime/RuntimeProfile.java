package dev.agentfactory.skills.runtime;

import java.util.Map;

/**
 * What a worker needs to run an agent, with secrets resolved (internal endpoint only).
 * {@link #toString()} shows no value.
 */
public record RuntimeProfile(String agentKey, long version, boolean enabled, String botIdentity,
                             Map<String, String> secrets, BridgeResolver.Bridge bridge, Telegram telegram) {

    public record Telegram(String botToken) {
        @Override
        public String toString() {
            return "Telegram[botToken=" + (botToken == null ? "none" : "<redacted>") + "]";
        }
    }

    @Override
    public String toString() {
        return "RuntimeProfile[agentKey=" + agentKey + ", version=" + version + ", secrets=" + secrets.keySet() + "]";
    }
}
