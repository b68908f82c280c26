package dev.agentfactory.worker.skills;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * {@code GET /v1/skills/manifest?channel=...}: layout {@code openclaw-workspace-skill-v1}, one entry per active
 * released skill with its files and their sha256.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SkillsManifest(String layoutVersion, String channel, List<Skill> skills) {

    public static final String LAYOUT = "openclaw-workspace-skill-v1";

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Skill(String slug, String version, String skillDirName, List<SkillFile> files) {
    }

    /** {@code encoding} is absent (UTF-8 text) or {@code base64}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SkillFile(String path, String content, String sha256, String encoding) {
    }
}
