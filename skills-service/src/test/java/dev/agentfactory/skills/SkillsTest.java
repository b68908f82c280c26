package dev.agentfactory.skills;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.auth.WorkerTokens;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.testing.Contracts;
import dev.agentfactory.platform.testing.TestCredentials;
import dev.agentfactory.platform.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class SkillsTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    WorkerTokens workerTokens;

    static String bundle(String slug, String version, String marker) {
        return Json.write(Map.of("slug", slug, "version", version, "moduleFormat", "esm", "files", List.of(
                Map.of("path", "scripts/index.mjs", "content", "export const v = '" + marker + "';\n"),
                Map.of("path", "SKILL.md", "content", "# " + slug + "\n"),
                Map.of("path", "scripts/lib/util.mjs", "content", "export {};\n"))));
    }

    static io.restassured.response.ValidatableResponse post(String body) {
        return given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON).body(body)
                .post("/v1/skills").then();
    }

    static void release(String slug, String version, String channel) {
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("version", version, "channel", channel)).post("/v1/skills/" + slug + "/releases")
                .then().statusCode(200).body("version", equalTo(version)).body("channel", equalTo(channel));
    }

    static Response manifest(String channel, String ifNoneMatch, String auth) {
        var request = given().header("Authorization", auth).queryParam("channel", channel);
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return request.get("/v1/skills/manifest");
    }

    static JsonNode skillIn(Response manifest, String slug) {
        for (JsonNode skill : Json.read(manifest.asString(), JsonNode.class).path("skills")) {
            if (skill.path("slug").asText().equals(slug)) {
                return skill;
            }
        }
        return null;
    }

    @Test
    void versionsAreImmutableAndDigested() {
        String slug = "immutable-" + System.nanoTime();
        post(bundle(slug, "1.0.0", "a")).statusCode(201).body("version", equalTo("1.0.0"))
                .body("bundleDigest", matchesPattern("^sha256:[0-9a-f]{64}$")).body("fileCount", equalTo(3))
                .body("files.path", equalTo(List.of("SKILL.md", "scripts/index.mjs", "scripts/lib/util.mjs")));
        post(bundle(slug, "1.0.0", "a")).statusCode(200).body("version", equalTo("1.0.0"));
        post(bundle(slug, "1.0.0", "changed")).statusCode(409).contentType("application/problem+json");
        String auto = Json.write(Map.of("slug", slug, "moduleFormat", "cjs", "files", List.of(
                Map.of("path", "SKILL.md", "content", "# cjs\n"), Map.of("path", "scripts/index.cjs", "content", "module.exports = {};\n"))));
        post(auto).statusCode(201).body("version", equalTo("2"));
        post(auto).statusCode(200).body("version", equalTo("2"));
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/skills/" + slug + "/versions/1.0.0")
                .then().statusCode(200).body("files.find { it.path == 'SKILL.md' }.content", equalTo("# " + slug + "\n"));
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/skills/" + slug)
                .then().statusCode(200).body("status", equalTo("active")).body("versions.version", equalTo(List.of("2", "1.0.0")));
    }

    @Test
    void aBadBundleListsEveryBadPathAndStoresNothing() throws Exception {
        String slug = "rejected-" + System.nanoTime();
        String body = Json.write(Map.of("slug", slug, "moduleFormat", "esm", "files", List.of(
                Map.of("path", "SKILL.md", "content", "#"),
                Map.of("path", "../escape.mjs", "content", "x"),
                Map.of("path", "/abs.md", "content", "x"),
                Map.of("path", "win\\path.md", "content", "x"),
                Map.of("path", ".af-global-skill.json", "content", "{}"),
                Map.of("path", "scripts/.hidden", "content", "x"))));
        post(body).statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItems("files[1].path", "files[2].path", "files[3].path", "files[4].path",
                        "files[5].path", "files"))
                .body("violations.message", hasItem("scripts/index.mjs is required for moduleFormat esm"));
        assertEquals(0, TestSupport.count("SELECT count(*) FROM skills.skills WHERE slug = '" + slug + "'"));
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/skills")
                .then().statusCode(200).body("slug", not(hasItem(slug)));
        given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON).body(bundle(slug, "1", "a"))
                .post("/v1/skills").then().statusCode(403);
    }

    @Test
    void theManifestServesReleasesWithAStrongEtagAndIsInvalidatedByEveryChange() {
        String slug = "bridge-" + System.nanoTime();
        post(bundle(slug, "1.0.0", "one")).statusCode(201);
        post(bundle(slug, "1.1.0", "two")).statusCode(201);
        Response before = manifest("stable", null, TestCredentials.ADMIN);
        assertEquals(null, skillIn(before, slug), "an unreleased skill is not served");

        release(slug, "1.0.0", "stable");
        String worker = "Bearer " + workerTokens.mint("worker-manifest-test");
        Response served = manifest("stable", null, worker);
        assertEquals(200, served.statusCode());
        String etag = served.header("ETag");
        assertTrue(etag.matches("^\"[0-9a-f]{64}\"$"), etag);
        assertNotEquals(before.header("ETag"), etag);
        JsonNode root = Json.read(served.asString(), JsonNode.class);
        assertEquals("openclaw-workspace-skill-v1", root.path("layoutVersion").asText());
        JsonNode skill = skillIn(served, slug);
        assertEquals("1.0.0", skill.path("version").asText());
        assertEquals(slug, skill.path("skillDirName").asText());
        List<String> paths = skill.path("files").findValuesAsText("path");
        assertEquals(List.of(".af-global-skill.json", "SKILL.md", "scripts/index.mjs", "scripts/lib/util.mjs"), paths);
        skill.path("files").forEach(f -> assertEquals(dev.agentfactory.skills.skill.Digests.sha256Hex(f.path("content").asText()),
                f.path("sha256").asText()));

        Response again = manifest("stable", null, TestCredentials.SERVICE);
        assertEquals(served.asString(), again.asString(), "the cached body is served whole every time");
        assertEquals(etag, again.header("ETag"));

        Response notModified = manifest("stable", etag, worker);
        assertEquals(304, notModified.statusCode());
        assertEquals(etag, notModified.header("ETag"));
        assertEquals("", notModified.asString());
        assertEquals(etag, "\"" + given().header("Authorization", TestCredentials.SERVICE)
                .get("/internal/skills/manifest-version?channel=stable").then().statusCode(200)
                .body("channel", equalTo("stable")).extract().path("version") + "\"");

        // canary falls back to stable, and a canary release is served on canary only
        assertEquals("1.0.0", skillIn(manifest("canary", null, worker), slug).path("version").asText());
        release(slug, "1.1.0", "canary");
        assertEquals("1.1.0", skillIn(manifest("canary", null, worker), slug).path("version").asText());
        assertEquals(304, manifest("stable", etag, worker).statusCode());

        release(slug, "1.1.0", "stable");
        Response updated = manifest("stable", etag, worker);
        assertEquals(200, updated.statusCode());
        assertEquals("1.1.0", skillIn(updated, slug).path("version").asText());
        String etag2 = updated.header("ETag");

        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("status", "disabled")).put("/v1/skills/" + slug + "/status")
                .then().statusCode(200).body("status", equalTo("disabled"));
        Response disabled = manifest("stable", etag2, worker);
        assertEquals(200, disabled.statusCode());
        assertEquals(null, skillIn(disabled, slug));

        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("status", "active")).put("/v1/skills/" + slug + "/status").then().statusCode(200);
        assertEquals(etag2, manifest("stable", null, worker).header("ETag"), "same content, same ETag");

        given().header("Authorization", TestCredentials.ADMIN).delete("/v1/skills/" + slug).then().statusCode(204);
        assertEquals(null, skillIn(manifest("stable", null, worker), slug));
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/skills/" + slug).then().statusCode(404);

        try (TopicProbe probe = new TopicProbe(Topics.SKILLS_RELEASES)) {
            JsonNode deleted = probe.await(TopicProbe.ofType("skills.deleted", "slug", slug), WAIT);
            Contracts.assertValid(deleted.toString());
            List<String> types = probe.drain(Duration.ofMillis(300)).stream().filter(r -> slug.equals(r.key()))
                    .map(r -> Json.read(r.value(), JsonNode.class)).peek(e -> Contracts.assertValid(e.toString()))
                    .map(e -> e.path("type").asText()).toList();
            assertEquals(List.of("skills.version.released", "skills.version.released", "skills.version.released",
                    "skills.status.changed", "skills.status.changed", "skills.deleted"), types);
        }
    }

    @Test
    void releasesAndStatusRejectBadInputAndChangeNothing() {
        String slug = "guarded-" + System.nanoTime();
        post(bundle(slug, "1", "a")).statusCode(201);
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("version", "1", "channel", "beta")).post("/v1/skills/" + slug + "/releases").then().statusCode(400);
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("version", "9", "channel", "stable")).post("/v1/skills/" + slug + "/releases").then().statusCode(404);
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("status", "paused")).put("/v1/skills/" + slug + "/status").then().statusCode(400);
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/skills/" + slug)
                .then().statusCode(200).body("status", equalTo("active")).body("releases.size()", equalTo(0));
        given().header("Authorization", TestCredentials.ADMIN).queryParam("channel", "nightly").get("/v1/skills/manifest")
                .then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", TestCredentials.APP).get("/v1/skills/manifest").then().statusCode(403)
                .contentType("application/problem+json");
        given().get("/v1/skills/manifest").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer wt1.forged.token").get("/v1/skills/manifest").then().statusCode(401);
        given().header("Authorization", TestCredentials.SERVICE).queryParam("channel", "nightly")
                .get("/internal/skills/manifest-version").then().statusCode(400);
    }
}
