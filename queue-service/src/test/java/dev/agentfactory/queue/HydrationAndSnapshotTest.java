package dev.agentfactory.queue;

import dev.agentfactory.platform.testing.TestCredentials;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import static dev.agentfactory.queue.QueueTestSupport.bearer;
import static dev.agentfactory.queue.QueueTestSupport.claim;
import static dev.agentfactory.queue.QueueTestSupport.complete;
import static dev.agentfactory.queue.QueueTestSupport.count;
import static dev.agentfactory.queue.QueueTestSupport.enqueue;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Snapshot upload and restore by the exact tuple; the hydration bundle with a (fake) skills-service up and down. */
@QuarkusTest
class HydrationAndSnapshotTest {

    @BeforeEach
    void clean() {
        QueueTestSupport.reset();
        FakeSkills.down = false;
    }

    @AfterEach
    void restore() {
        FakeSkills.down = false;
    }

    static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static String upload(String bearer, String conversationId, byte[] content) throws Exception {
        Response begun = given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("workspaceId", "default", "agentKey", "support-en", "conversationId", conversationId,
                        "sizeBytes", content.length, "sha256", sha256(content))).post("/v1/snapshots");
        begun.then().statusCode(201).body("status", equalTo("uploading"));
        String id = begun.path("snapshotId");
        given().header("Authorization", bearer).contentType("application/octet-stream").body(content)
                .put(begun.<String>path("uploadUrl")).then().statusCode(200).body("status", equalTo("uploaded"));
        given().header("Authorization", bearer).post("/v1/snapshots/" + id + "/finalize").then().statusCode(200)
                .body("status", equalTo("ready"));
        return id;
    }

    @Test
    void snapshotLifecycleAndExactTupleRestore() throws Exception {
        String w = bearer("ws");
        byte[] content = "tar-of-data".getBytes(StandardCharsets.UTF_8);
        String id = upload(w, "conv-snap", content);

        given().header("Authorization", w).queryParam("workspaceId", "default").queryParam("agentKey", "support-en")
                .queryParam("conversationId", "conv-snap").get("/v1/snapshots/latest").then().statusCode(200)
                .body("snapshotId", equalTo(id));
        given().header("Authorization", w).queryParam("workspaceId", "default").queryParam("agentKey", "support-en")
                .queryParam("conversationId", "conv-other").get("/v1/snapshots/latest").then().statusCode(404);
        given().header("Authorization", w).queryParam("workspaceId", "default").queryParam("agentKey", "support-en")
                .get("/v1/snapshots/latest").then().statusCode(400);
        byte[] restored = given().header("Authorization", w).get("/v1/snapshots/" + id + "/content")
                .then().statusCode(200).extract().asByteArray();
        assertArrayEquals(content, restored);
    }

    @Test
    void badUploadsAreRefusedAndChangeNothing() throws Exception {
        String w = bearer("ws2");
        byte[] content = "abc".getBytes(StandardCharsets.UTF_8);
        given().header("Authorization", w).contentType(ContentType.JSON)
                .body(Map.of("workspaceId", "default", "agentKey", "Bad Key", "conversationId", "c",
                        "sizeBytes", 3, "sha256", "xyz")).post("/v1/snapshots").then().statusCode(400);
        given().header("Authorization", w).contentType(ContentType.JSON)
                .body(Map.of("workspaceId", "default", "agentKey", "support-en", "conversationId", "c",
                        "sizeBytes", 10_000_000, "sha256", sha256(content))).post("/v1/snapshots").then().statusCode(400);
        assertEquals(0, count("SELECT count(*) FROM queue.snapshots"));

        Response begun = given().header("Authorization", w).contentType(ContentType.JSON)
                .body(Map.of("workspaceId", "default", "agentKey", "support-en", "conversationId", "c",
                        "sizeBytes", 3, "sha256", sha256(content))).post("/v1/snapshots");
        String id = begun.path("snapshotId");
        given().header("Authorization", w).contentType("application/octet-stream").body("abd".getBytes())
                .put("/v1/snapshots/" + id + "/content").then().statusCode(422);
        given().header("Authorization", w).post("/v1/snapshots/" + id + "/finalize").then().statusCode(409);
        given().header("Authorization", bearer("intruder")).post("/v1/snapshots/" + id + "/finalize").then().statusCode(403);
        given().header("Authorization", w).contentType(ContentType.JSON).body(Map.of("error", "disk full"))
                .post("/v1/snapshots/" + id + "/fail").then().statusCode(200).body("status", equalTo("failed"));
        assertEquals(0, count("SELECT count(*) FROM queue.snapshots WHERE status = 'ready'"));
    }

    @Test
    void hydrationBundlesMessageCacheProfileSnapshotAndManifest() throws Exception {
        String w = bearer("wy");
        String snapshot = upload(w, "conv-y", "data".getBytes(StandardCharsets.UTF_8));
        upload(w, "conv-z", "other".getBytes(StandardCharsets.UTF_8));
        enqueue("m-y1", "conv-y", 0);
        enqueue("m-y2", "conv-y", 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM queue.messages") == 2);
        String first = claim(w, "wy", 0).path("leaseId");
        String second = complete(w, first, Map.of("claimNext", true, "hydrationDelta", Map.of("summary", "hi")))
                .path("next.leaseId");

        given().header("Authorization", w).get("/v1/leases/" + second + "/hydration").then().statusCode(200)
                .body("message.messageId", equalTo("m-y2"))
                .body("message.payload.text", equalTo("hello m-y2"))
                .body("conversationHydration.summary", equalTo("hi"))
                .body("agent.telegram.botToken", equalTo("123:abc"))
                .body("agent.bridge.baseUrl", equalTo("https://bridge.example"))
                .body("snapshot.snapshotId", equalTo(snapshot))
                .body("skillsManifestVersion", equalTo("manifest-v42"));
        given().header("Authorization", bearer("intruder")).get("/v1/leases/" + second + "/hydration")
                .then().statusCode(403);
        given().header("Authorization", w).get("/v1/leases/" + first + "/hydration").then().statusCode(409);

        FakeSkills.down = true;
        given().header("Authorization", w).get("/v1/leases/" + second + "/hydration").then().statusCode(503)
                .body("type", equalTo("https://agentfactory.dev/problems/skills-unavailable"));
        FakeSkills.down = false;
        await().atMost(Duration.ofSeconds(10)).until(() -> given().header("Authorization", w)
                .get("/v1/leases/" + second + "/hydration").statusCode() == 200); // the breaker closes again
    }

    @Test
    void hydrationWithoutSnapshotHasNone() {
        String w = bearer("wq");
        enqueue("m-q1", "conv-q", 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM queue.messages") == 1);
        String lease = claim(w, "wq", 0).path("leaseId");
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/leases/" + lease + "/hydration")
                .then().statusCode(200).body("snapshot", nullValue()).body("message.messageId", equalTo("m-q1"));
    }
}
