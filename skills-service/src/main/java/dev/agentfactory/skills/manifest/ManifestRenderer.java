package dev.agentfactory.skills.manifest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.skills.skill.BundleModels.SkillFile;
import dev.agentfactory.skills.skill.BundleValidator;
import dev.agentfactory.skills.skill.Digests;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Renders the worker manifest (layout {@value #LAYOUT_VERSION}): per skill its directory name, version and
 * files with sha256, including the generated {@code .af-global-skill.json}. Deterministic: the same releases
 * always give the same bytes, hence the same ETag.
 */
public final class ManifestRenderer {

    public static final String LAYOUT_VERSION = "openclaw-workspace-skill-v1";

    private ManifestRenderer() {
    }

    /** One released skill as the manifest shows it; {@code channel} is where its release comes from. */
    public record ReleasedSkill(String slug, String version, String channel, String moduleFormat, String bundleDigest,
                                List<SkillFile> files) {
    }

    public static Manifest render(String channel, List<ReleasedSkill> skills) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("layoutVersion", LAYOUT_VERSION);
        root.put("channel", channel);
        ArrayNode list = root.putArray("skills");
        skills.stream().sorted(Comparator.comparing(ReleasedSkill::slug)).forEach(skill -> {
            ObjectNode node = list.addObject();
            node.put("slug", skill.slug());
            node.put("skillDirName", skill.slug());
            node.put("version", skill.version());
            node.put("channel", skill.channel());
            node.put("moduleFormat", skill.moduleFormat());
            node.put("entry", BundleValidator.entryPoint(skill.moduleFormat()));
            node.put("bundleDigest", skill.bundleDigest());
            ArrayNode files = node.putArray("files");
            withGeneratedFile(skill).forEach(f -> files.addObject()
                    .put("path", f.path()).put("content", f.content()).put("sha256", f.sha256()));
        });
        byte[] body = Json.write(root).getBytes(StandardCharsets.UTF_8);
        return new Manifest(channel, body, Digests.sha256Hex(body));
    }

    static List<SkillFile> withGeneratedFile(ReleasedSkill skill) {
        ObjectNode marker = Json.MAPPER.createObjectNode();
        marker.put("managedBy", "agent-factory");
        marker.put("layoutVersion", LAYOUT_VERSION);
        marker.put("slug", skill.slug());
        marker.put("version", skill.version());
        marker.put("moduleFormat", skill.moduleFormat());
        marker.put("entry", BundleValidator.entryPoint(skill.moduleFormat()));
        marker.put("bundleDigest", skill.bundleDigest());
        String content = Json.write(marker) + "\n";
        List<SkillFile> files = new ArrayList<>(skill.files());
        files.add(new SkillFile(BundleValidator.GENERATED_FILE, content, Digests.sha256Hex(content)));
        files.sort(Comparator.comparing(SkillFile::path));
        return files;
    }
}
