package dev.agentfactory.skills.skill;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Wire models of global skills. */
public final class BundleModels {

    private BundleModels() {
    }

    /** {@code POST /v1/skills}: a new immutable version; {@code version} is assigned (1, 2, …) when absent. */
    public record BundleRequest(String slug, String version, String moduleFormat, List<BundleFile> files) {
    }

    public record BundleFile(String path, String content) {
    }

    /** A file as stored and served: content plus its SHA-256 (lowercase hex). */
    public record SkillFile(String path, String content, String sha256) {
    }

    /** A bundle that passed validation, files sorted by path. */
    public record ValidatedBundle(String slug, String version, String moduleFormat, List<SkillFile> files,
                                  String bundleDigest, int totalBytes) {
    }

    public record FileSummary(String path, String sha256, int bytes) {
    }

    public record VersionView(String slug, String version, String moduleFormat, String bundleDigest, int fileCount,
                              int totalBytes, Instant createdAt, List<FileSummary> files) {
    }

    public record VersionWithFiles(String slug, String version, String moduleFormat, String bundleDigest,
                                   Instant createdAt, List<SkillFile> files) {
    }

    public record ReleaseRequest(String version, String channel) {
    }

    public record ReleaseView(String slug, String channel, String version, String bundleDigest, Instant releasedAt) {
    }

    public record StatusRequest(String status) {
    }

    public record SkillView(String slug, String status, Instant createdAt, Instant updatedAt,
                            Map<String, String> releases, List<VersionView> versions) {
    }
}
