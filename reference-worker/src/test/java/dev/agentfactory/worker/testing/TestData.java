package dev.agentfactory.worker.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.worker.Digests;
import dev.agentfactory.worker.Json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** Wire-shaped test data: jobs, hydration bundles and skills manifests as the services send them. */
public final class TestData {

    public static final String BOT_TOKEN = "123456:test-bot-token";

    private TestData() {
    }

    public static ObjectNode job(String leaseId, String conversationId, Long chatId, String text, long leaseMs) {
        ObjectNode job = Json.MAPPER.createObjectNode()
                .put("leaseId", leaseId)
                .put("leaseExpiresAt", Instant.now().plusMillis(leaseMs).toString())
                .put("messageId", "msg-" + leaseId)
                .put("conversationId", conversationId)
                .put("agentKey", "agent-a")
                .put("workspaceId", "default")
                .put("priority", 0)
                .put("attempt", 1)
                .put("workerId", "w1")
                .put("shouldStop", false)
                .put("shouldPark", false);
        ObjectNode payload = job.putObject("payload").put("kind", chatId == null ? "api" : "message").put("text", text);
        if (chatId != null) {
            payload.putObject("telegram").put("botIdentity", "test_bot").put("updateId", 1).put("chatId", chatId)
                    .put("chatType", "private").put("messageId", 77);
        }
        return job;
    }

    /** Shaped like queue-service's Hydration record: {message, conversationHydration, agent, snapshot, skillsManifestVersion}. */
    public static ObjectNode hydration(ObjectNode cache, ObjectNode snapshot) {
        ObjectNode bundle = Json.MAPPER.createObjectNode();
        bundle.putObject("message").put("messageId", "ignored");
        bundle.set("conversationHydration", cache == null ? Json.MAPPER.createObjectNode() : cache);
        ObjectNode agent = bundle.putObject("agent").put("agentKey", "agent-a").put("version", 3).put("enabled", true)
                .put("botIdentity", "reference_bot");
        agent.putObject("secrets");
        agent.putObject("bridge").put("enabled", false);
        agent.putObject("telegram").put("botToken", BOT_TOKEN);
        bundle.set("snapshot", snapshot);
        bundle.put("skillsManifestVersion", "m1");
        return bundle;
    }

    /** Shaped like queue-service's CompleteResponse: {messageId, status, shouldStop, shouldPark, next}. */
    public static ObjectNode completed(boolean shouldStop, ObjectNode next) {
        ObjectNode answer = Json.MAPPER.createObjectNode().put("messageId", "msg-done").put("status", "completed")
                .put("shouldStop", shouldStop).put("shouldPark", false);
        answer.set("next", next);
        return answer;
    }

    /** A complete with claimNext by a worker the fleet parks: no next job, {@code shouldPark} true. */
    public static ObjectNode completedParked() {
        return completed(false, null).put("shouldPark", true);
    }

    /** queue-service's answer to a claim by a worker the fleet parks (status parking or parked). */
    public static Map<String, Object> park() {
        return Map.of("shouldStop", false, "shouldPark", true);
    }

    /** A manifest with one skill per entry of {@code skills} (dir name → path → content), correct checksums. */
    public static ObjectNode manifest(Map<String, Map<String, String>> skills) {
        ObjectNode m = Json.MAPPER.createObjectNode().put("layoutVersion", "openclaw-workspace-skill-v1")
                .put("channel", "stable");
        ArrayNode list = m.putArray("skills");
        skills.forEach((dir, files) -> {
            ObjectNode skill = list.addObject().put("slug", dir).put("version", "1.0.0").put("skillDirName", dir);
            ArrayNode fileList = skill.putArray("files");
            files.forEach((path, content) -> fileList.addObject().put("path", path).put("content", content)
                    .put("sha256", Digests.sha256(content.getBytes(StandardCharsets.UTF_8))));
        });
        return m;
    }
}
