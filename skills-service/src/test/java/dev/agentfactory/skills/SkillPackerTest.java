package dev.agentfactory.skills;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.testing.TestCredentials;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs tools/SkillPacker.java as a user would and publishes what it prints. */
@QuarkusTest
class SkillPackerTest {

    @Test
    void thePackerTurnsASkillDirectoryIntoAnAcceptedBundle(@TempDir Path temp) throws Exception {
        Path dir = temp.resolve("packed-skill");
        write(dir.resolve("SKILL.md"), "# Packed \"skill\"\n\tTabs and ünïcödé\n");
        write(dir.resolve("scripts/index.mjs"), "export default () => 'hi';\n");
        write(dir.resolve("scripts/agent-bridge-cli.mjs"), "// cli\n");
        write(dir.resolve("assets/b.txt"), "b");
        write(dir.resolve(".af-global-skill.json"), "{\"generated\": true}");
        write(dir.resolve(".env"), "SECRET=1");
        write(dir.resolve(".git/config"), "[core]");
        write(dir.resolve("scripts/.cache/x.mjs"), "x");

        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "tools/SkillPacker.java", dir.toString(), "--version", "0.9.0").redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), err);

        JsonNode bundle = Json.read(out, JsonNode.class);
        assertEquals("packed-skill", bundle.path("slug").asText());
        assertEquals("esm", bundle.path("moduleFormat").asText());
        assertEquals(List.of("SKILL.md", "assets/b.txt", "scripts/agent-bridge-cli.mjs", "scripts/index.mjs"),
                bundle.path("files").findValuesAsText("path"));
        assertEquals("# Packed \"skill\"\n\tTabs and ünïcödé\n", bundle.path("files").get(0).path("content").asText());

        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON).body(out)
                .post("/v1/skills").then().statusCode(201).body("version", equalTo("0.9.0")).body("fileCount", equalTo(4));
    }

    static void write(Path file, String content) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
