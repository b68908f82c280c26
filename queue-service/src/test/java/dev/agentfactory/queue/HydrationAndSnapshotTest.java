package dev.agentfactory.queue;

import dev.agentfactory.platform.testing.TestCredentials;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.agentfactory.queue.QueueTestSupport.bearer;
import static dev.agentfactory.queue.QueueTestSupport.claim;
import static dev.agentfactory.queue.QueueTestSupport.complete;
import static dev.agentfactory.queue.QueueTestSupport.count;
import static dev.agentfactory.queue.QueueTestSupport.enqueue;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Snapshot upload and restore by the exact tuple; the hydration bundle with a (fake) skills-service up and down. */
@QuarkusTest
class HydrationAndSnapshotTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

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
    void archivesLargerThanTheRequestBodyLimitStreamBothWays() throws Exception {
        String w = bearer("ws-big");
        byte[] content = randomBytes(5 * 1024 * 1024); // five times the JSON endpoints' body limit
        String id = upload(w, "conv-big", content);
        byte[] restored = given().header("Authorization", w).get("/v1/snapshots/" + id + "/content")
                .then().statusCode(200).header("Content-Length", String.valueOf(content.length))
                .extract().asByteArray();
        assertArrayEquals(content, restored);
        await().atMost(Duration.ofSeconds(5)).until(() -> openFilesOf(id) == 0); // the download let go of the blob

        String padding = "x".repeat(2 * 1024 * 1024); // the exemption is this path's alone
        given().header("Authorization", w).contentType(ContentType.JSON)
                .body(Map.of("workspaceId", "default", "agentKey", "support-en", "conversationId", padding,
                        "sizeBytes", 3, "sha256", sha256(content))).post("/v1/snapshots").then().statusCode(413);
    }

    @Test
    void aChunkedUploadIsCheckedAsItArrives() throws Exception {
        String w = bearer("ws-chunked");
        byte[] content = randomBytes(3 * 1024 * 1024);
        String id = begin(w, "conv-chunked", content.length, sha256(content));
        assertEquals(200, putChunked(w, id, content).statusCode());
        given().header("Authorization", w).post("/v1/snapshots/" + id + "/finalize").then().statusCode(200);
        assertArrayEquals(content, given().header("Authorization", w).get("/v1/snapshots/" + id + "/content")
                .then().statusCode(200).extract().asByteArray());

        String longer = begin(w, "conv-chunked", content.length - 1, sha256(content));
        HttpResponse<String> refused = putChunked(w, longer, content);
        assertEquals(422, refused.statusCode());
        assertTrue(refused.body().contains("snapshot-content-mismatch"), refused.body());
        assertEquals("uploading", QueueTestSupport.scalar(
                "SELECT status FROM queue.snapshots WHERE snapshot_id = '" + longer + "'"));
        assertNoBlobFiles(longer);
    }

    @Test
    void contentIsRefusedBeforeItIsReadWhenItCannotBeAccepted() throws Exception {
        String w = bearer("ws-early");
        byte[] content = "abc".getBytes(StandardCharsets.UTF_8);
        String id = begin(w, "conv-early", 3, sha256(content));
        given().header("Authorization", w).contentType("application/octet-stream").body("abcd".getBytes())
                .put("/v1/snapshots/" + id + "/content").then().statusCode(422)
                .contentType("application/problem+json").body("type", containsString("snapshot-content-mismatch"));
        given().header("Authorization", bearer("intruder")).contentType("application/octet-stream").body(content)
                .put("/v1/snapshots/" + id + "/content").then().statusCode(403);
        given().contentType("application/octet-stream").body(content)
                .put("/v1/snapshots/" + id + "/content").then().statusCode(401).header("WWW-Authenticate", "Bearer");
        given().header("Authorization", w).contentType("application/octet-stream").body(content)
                .put("/v1/snapshots/" + UUID.randomUUID() + "/content").then().statusCode(404);
        given().header("Authorization", w).contentType("application/octet-stream").body(content)
                .put("/v1/snapshots/not-an-id/content").then().statusCode(404);
        given().header("Authorization", w).get("/v1/snapshots/" + id + "/content").then().statusCode(404)
                .contentType("application/problem+json");
        assertEquals("uploading", QueueTestSupport.scalar(
                "SELECT status FROM queue.snapshots WHERE snapshot_id = '" + id + "'"));
        assertNoBlobFiles(id);

        given().header("Authorization", w).contentType("application/octet-stream").body(content)
                .put("/v1/snapshots/" + id + "/content").then().statusCode(200).body("status", equalTo("uploaded"));
        given().header("Authorization", w).contentType("application/octet-stream").body(content)
                .put("/v1/snapshots/" + id + "/content").then().statusCode(409);
    }

    @Test
    void anUploadBrokenOffLeavesNothingBehind() throws Exception {
        String w = bearer("ws-broken");
        byte[] content = randomBytes(2 * 1024 * 1024);
        String id = begin(w, "conv-broken", content.length, sha256(content));
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /v1/snapshots/" + id + "/content HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + w
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + content.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(content, 0, content.length / 2);
            out.flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> openFilesOf(id) == 1); // half of it is being written
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> openFilesOf(id) == 0 && blobFiles(id).isEmpty());
        assertEquals("uploading", QueueTestSupport.scalar(
                "SELECT status FROM queue.snapshots WHERE snapshot_id = '" + id + "'"));

        given().header("Authorization", w).contentType("application/octet-stream").body(content)
                .put("/v1/snapshots/" + id + "/content").then().statusCode(200).body("status", equalTo("uploaded"));
    }

    @Test
    void supersededAndAbandonedSnapshotsArePrunedWithTheirArchives() throws Exception {
        String w = bearer("ws-prune");
        String older = upload(w, "conv-prune", "first".getBytes(StandardCharsets.UTF_8));
        String latest = upload(w, "conv-prune", "second".getBytes(StandardCharsets.UTF_8));
        String abandoned = begin(w, "conv-prune-abandoned", 3, sha256("abc".getBytes(StandardCharsets.UTF_8)));
        String recentlyReplaced = upload(w, "conv-prune-recent", "first".getBytes(StandardCharsets.UTF_8));
        upload(w, "conv-prune-recent", "second".getBytes(StandardCharsets.UTF_8));
        QueueTestSupport.sql("UPDATE queue.snapshots SET created_at = created_at - interval '2 days',"
                + " finalized_at = finalized_at - interval '2 days'"
                + " WHERE conversation_id IN ('conv-prune', 'conv-prune-abandoned')");

        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT count(*) FROM queue.snapshots"
                + " WHERE snapshot_id IN ('" + older + "', '" + abandoned + "')") == 0
                && blobFiles(older).isEmpty()); // the replaced archive goes with its snapshot
        given().header("Authorization", w).queryParam("workspaceId", "default").queryParam("agentKey", "support-en")
                .queryParam("conversationId", "conv-prune").get("/v1/snapshots/latest").then().statusCode(200)
                .body("snapshotId", equalTo(latest));
        assertArrayEquals("second".getBytes(StandardCharsets.UTF_8), given().header("Authorization", w)
                .get("/v1/snapshots/" + latest + "/content").then().statusCode(200).extract().asByteArray());
        given().header("Authorization", w).get("/v1/snapshots/" + recentlyReplaced + "/content").then()
                .statusCode(200); // replaced only now: a worker handed it a moment ago can still fetch it
    }

    @Test
    void archivesAndPartialUploadsNoSnapshotRefersToAreSwept() throws Exception {
        String w = bearer("ws-orphans");
        String kept = upload(w, "conv-orphans", "kept".getBytes(StandardCharsets.UTF_8));
        Path dir = Path.of("target/test-snapshots");
        Path orphan = Files.writeString(dir.resolve(UUID.randomUUID() + ".blob"), "its snapshot was pruned");
        Path stale = Files.writeString(dir.resolve(UUID.randomUUID() + ".blob." + UUID.randomUUID() + ".part"),
                "its process died in the middle of the upload");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path inProgress = Files.writeString(dir.resolve(UUID.randomUUID() + ".blob." + UUID.randomUUID() + ".part"),
                "being written");
        Path foreign = Files.writeString(dir.resolve("not-a-snapshot.blob"), "not the service's");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(orphan) && !Files.exists(stale));
            assertTrue(Files.exists(inProgress), "a partial upload younger than abandoned-after is kept");
            assertTrue(Files.exists(foreign), "a key that is no snapshot id is left alone");
            assertArrayEquals("kept".getBytes(StandardCharsets.UTF_8), given().header("Authorization", w)
                    .get("/v1/snapshots/" + kept + "/content").then().statusCode(200).extract().asByteArray());
        } finally {
            Files.deleteIfExists(inProgress);
            Files.deleteIfExists(foreign);
        }
    }

    private static String begin(String bearer, String conversationId, long sizeBytes, String sha256) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("workspaceId", "default", "agentKey", "support-en", "conversationId", conversationId,
                        "sizeBytes", sizeBytes, "sha256", sha256)).post("/v1/snapshots")
                .then().statusCode(201).extract().path("snapshotId");
    }

    /** A body without a declared length (chunked), as a worker streaming its archive while it packs it sends. */
    private static HttpResponse<String> putChunked(String bearer, String id, byte[] content) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                        + "/v1/snapshots/" + id + "/content"))
                .header("Authorization", bearer).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(content))).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertNoBlobFiles(String snapshotId) throws Exception {
        assertEquals(List.of(), blobFiles(snapshotId), "nothing stored for refused content");
    }

    /** The blob store's files (whole or partial) of the snapshot. */
    private static List<String> blobFiles(String snapshotId) throws Exception {
        Path dir = Path.of("target/test-snapshots");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(name -> name.startsWith(snapshotId)).toList();
        }
    }

    /** Files of this process (the service runs in it) whose path names the snapshot. */
    private static long openFilesOf(String snapshotId) throws Exception {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.map(HydrationAndSnapshotTest::target).filter(path -> path.contains(snapshotId)).count();
        }
    }

    private static String target(Path descriptor) {
        try {
            return Files.readSymbolicLink(descriptor).toString();
        } catch (Exception gone) {
            return "";
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
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
