package dev.agentfactory.worker.skills;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.worker.Http;
import dev.agentfactory.worker.testing.FakeQueue;
import dev.agentfactory.worker.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Manifest fetch, verification and atomic materialization against a fake manifest endpoint. */
class SkillsSyncTest {

    @TempDir
    Path work;
    private FakeQueue skills;
    private SkillsSync sync;
    private Path dir;

    @BeforeEach
    void start() throws Exception {
        skills = new FakeQueue();
        dir = work.resolve("skills");
        sync = new SkillsSync(new SkillsClient(new Http(), URI.create(skills.url()), "worker-token"),
                new SkillsMaterializer(dir), "stable");
        skills.manifest = TestData.manifest(Map.of(
                "weather", Map.of("SKILL.md", "# Weather\n", "scripts/index.mjs", "export default 1;\n",
                        ".af-global-skill.json", "{\"slug\":\"weather\"}"),
                "notes", Map.of("SKILL.md", "# Notes\n", "scripts/index.cjs", "module.exports = 2;\n")));
    }

    @AfterEach
    void stop() {
        skills.close();
    }

    @Test
    void materializesEveryFileOfEverySkill() throws Exception {
        sync.ensure(null);

        assertEquals("# Weather\n", Files.readString(dir.resolve("weather/SKILL.md")));
        assertEquals("export default 1;\n", Files.readString(dir.resolve("weather/scripts/index.mjs")));
        assertTrue(Files.exists(dir.resolve("weather/.af-global-skill.json")));
        assertEquals("module.exports = 2;\n", Files.readString(dir.resolve("notes/scripts/index.cjs")));
        assertEquals("\"m1\"", sync.currentEtag());
        var get = skills.requests("GET", "/v1/skills/manifest").get(0);
        assertEquals("channel=stable", get.query());
        assertEquals("Bearer worker-token", get.header("Authorization"));
    }

    @Test
    void asksConditionallyAndSkipsWhenHydrationNamesTheVersionInPlace() throws Exception {
        sync.ensure(null);
        sync.ensure("other-version");
        var gets = skills.requests("GET", "/v1/skills/manifest");
        assertEquals(2, gets.size());
        assertEquals("\"m1\"", gets.get(1).header("If-None-Match"));

        sync.ensure("m1");
        assertEquals(2, skills.requests("GET", "/v1/skills/manifest").size());
    }

    @Test
    void aNewVersionReplacesTheSetAndDropsRemovedSkills() throws Exception {
        sync.ensure(null);
        skills.manifest = TestData.manifest(Map.of("notes", Map.of("SKILL.md", "# Notes v2\n")));
        skills.manifestEtag = "\"m2\"";

        sync.ensure("m2");

        assertEquals("# Notes v2\n", Files.readString(dir.resolve("notes/SKILL.md")));
        assertFalse(Files.exists(dir.resolve("weather")));
        assertFalse(Files.exists(dir.resolve("notes/scripts/index.cjs")));
        assertTrue(Files.isSymbolicLink(dir));
        try (var store = Files.list(work.resolve(".skills-store"))) {
            assertEquals(1, store.count(), "older generations are removed");
        }
    }

    @Test
    void aChecksumMismatchIsRejectedAndLeavesThePreviousSkillsIntact() throws Exception {
        sync.ensure(null);
        ObjectNode tampered = TestData.manifest(Map.of("weather", Map.of("SKILL.md", "# Weather v2\n")));
        ((ObjectNode) tampered.path("skills").path(0).path("files").path(0)).put("content", "# Tampered\n");
        skills.manifest = tampered;
        skills.manifestEtag = "\"m2\"";

        SkillsIntegrityException e = assertThrows(SkillsIntegrityException.class, () -> sync.ensure("m2"));

        assertTrue(e.getMessage().contains("weather/SKILL.md: sha256 mismatch"), e.getMessage());
        assertEquals("# Weather\n", Files.readString(dir.resolve("weather/SKILL.md")));
        assertTrue(Files.exists(dir.resolve("notes/SKILL.md")));
        assertEquals("\"m1\"", sync.currentEtag());
    }

    @Test
    void unsafePathsAndUnknownLayoutsAreRejectedBeforeAnythingIsWritten() {
        ObjectNode evil = TestData.manifest(Map.of("weather", Map.of("../escape.txt", "x")));
        skills.manifest = evil;
        assertThrows(SkillsIntegrityException.class, () -> sync.ensure(null));
        assertFalse(Files.exists(work.resolve("escape.txt")));
        assertFalse(Files.exists(dir));

        skills.manifest = TestData.manifest(Map.of("ok", Map.of("SKILL.md", "x"))).put("layoutVersion", "v0");
        assertThrows(SkillsIntegrityException.class, () -> sync.ensure(null));
        assertFalse(Files.exists(dir));
    }

    @Test
    void replacesAPlainDirectoryLeftByAnotherLayout() throws Exception {
        Files.createDirectories(dir.resolve("stale-skill"));
        Files.writeString(dir.resolve("stale-skill/SKILL.md"), "old");

        sync.ensure(null);

        assertTrue(Files.isSymbolicLink(dir));
        assertFalse(Files.exists(dir.resolve("stale-skill")));
        assertTrue(Files.exists(dir.resolve("weather/SKILL.md")));
    }
}
