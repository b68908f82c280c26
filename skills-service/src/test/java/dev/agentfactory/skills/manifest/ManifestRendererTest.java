package dev.agentfactory.skills.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.skills.skill.BundleModels.SkillFile;
import dev.agentfactory.skills.skill.Digests;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestRendererTest {

    static ManifestRenderer.ReleasedSkill skill(String slug, String version) {
        return new ManifestRenderer.ReleasedSkill(slug, version, "stable", "esm", "sha256:" + "a".repeat(64),
                List.of(new SkillFile("SKILL.md", "# " + slug, Digests.sha256Hex("# " + slug)),
                        new SkillFile("scripts/index.mjs", "export {}", Digests.sha256Hex("export {}"))));
    }

    @Test
    void theManifestCarriesTheLayoutAndTheGeneratedFile() {
        Manifest manifest = ManifestRenderer.render("stable", List.of(skill("zeta", "2"), skill("alpha", "1")));
        JsonNode root = Json.read(new String(manifest.body()), JsonNode.class);
        assertEquals("openclaw-workspace-skill-v1", root.path("layoutVersion").asText());
        assertEquals("alpha", root.path("skills").get(0).path("skillDirName").asText());
        JsonNode files = root.path("skills").get(0).path("files");
        assertEquals(".af-global-skill.json", files.get(0).path("path").asText());
        String generated = files.get(0).path("content").asText();
        assertEquals(Digests.sha256Hex(generated), files.get(0).path("sha256").asText());
        assertEquals("alpha", Json.read(generated, JsonNode.class).path("slug").asText());
        assertEquals(Digests.sha256Hex(manifest.body()), manifest.version());
    }

    @Test
    void renderingIsDeterministicAndVersionsFollowContent() {
        Manifest one = ManifestRenderer.render("stable", List.of(skill("a", "1"), skill("b", "1")));
        Manifest two = ManifestRenderer.render("stable", List.of(skill("b", "1"), skill("a", "1")));
        assertEquals(one.version(), two.version());
        assertNotEquals(one.version(), ManifestRenderer.render("stable", List.of(skill("a", "2"), skill("b", "1"))).version());
    }

    @Test
    void ifNoneMatchUsesWeakComparisonListsAndStar() {
        Manifest m = ManifestRenderer.render("stable", List.of());
        assertTrue(m.matches(m.etag()));
        assertTrue(m.matches("\"other\", W/" + m.etag()));
        assertTrue(m.matches("*"));
        assertFalse(m.matches("\"other\""));
        assertFalse(m.matches(m.version()));
        assertFalse(m.matches(null));
    }
}
