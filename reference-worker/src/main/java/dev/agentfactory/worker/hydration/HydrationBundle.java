package dev.agentfactory.worker.hydration;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code GET /v1/leases/{leaseId}/hydration} ({@code {message, conversationHydration, agent, snapshot,
 * skillsManifestVersion}}): what a worker needs to run one leased message. Only the fields the worker uses are
 * mapped; aliases accept other spellings.
 *
 * @param hydrationCache        {@code conversationHydration}: what earlier completions merged in
 * @param runtimeProfile        {@code agent}: the agent's runtime profile with resolved secrets
 * @param snapshot              the latest ready snapshot of exactly workspace + agent + conversation, or null
 * @param skillsManifestVersion the manifest ETag value, as text or {channel, version}
 * @param telegramBotToken      a top-level bot token, used when the profile carries none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HydrationBundle(
        @JsonProperty("conversationHydration")
        @JsonAlias({"hydrationCache", "conversationCache", "hydration"}) JsonNode hydrationCache,
        @JsonProperty("agent") @JsonAlias({"runtimeProfile", "agentProfile", "profile"}) RuntimeProfile runtimeProfile,
        @JsonAlias({"latestSnapshot", "restoreSnapshot"}) SnapshotRef snapshot,
        @JsonAlias({"skillsManifest", "manifestVersion"}) JsonNode skillsManifestVersion,
        String telegramBotToken) {

    /** The bot token to reply with, or null. */
    public String botToken() {
        String fromProfile = runtimeProfile == null ? null : runtimeProfile.botToken();
        return fromProfile != null ? fromProfile : blankToNull(telegramBotToken);
    }

    /** The manifest version (ETag value without quotes), or null when the bundle does not say. */
    public String manifestVersion() {
        JsonNode v = skillsManifestVersion;
        if (v == null || v.isNull()) {
            return null;
        }
        String text = v.isObject() ? v.path("version").asText(null) : v.asText(null);
        return text == null ? null : ManifestVersions.normalize(text);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
