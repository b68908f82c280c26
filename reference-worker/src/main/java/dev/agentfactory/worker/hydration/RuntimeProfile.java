package dev.agentfactory.worker.hydration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** The agent's runtime profile as skills-service resolves it (secrets in plaintext: never log it). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RuntimeProfile(String agentKey, Object version, Boolean enabled, String botIdentity,
                             Map<String, String> secrets, JsonNode bridge, Telegram telegram) {

    public String botToken() {
        return telegram == null ? null : HydrationBundle.blankToNull(telegram.botToken());
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Telegram(String botToken) {
    }

    @Override
    public String toString() {
        return "RuntimeProfile[agentKey=" + agentKey + ", botIdentity=" + botIdentity + "]";
    }
}
