package dev.agentfactory.scheduler.fleet;

import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.testing.TestCredentials;
import dev.agentfactory.scheduler.ScalingPolicyTest;
import dev.agentfactory.scheduler.TestEvents;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Shared steps of the fleet tests: a clean fleet, a policy, demand, activity and provider outcomes. */
final class FleetTestSupport {

    private FleetTestSupport() {
    }

    static void cleanFleet() {
        TestEvents.execute("TRUNCATE scheduler.workers, scheduler.depth, scheduler.decisions,"
                + " scheduler.provider_commands, scheduler.scaling_policy");
    }

    static void policy(int max, int step, long commandRetrySeconds) {
        policy(max, step, commandRetrySeconds, 0);
    }

    static void policy(int max, int step, long commandRetrySeconds, int parkLimit) {
        String body = ScalingPolicyTest.withParking(ScalingPolicyTest.policy(0, max, 1, step, 1800, 2048), parkLimit, 86400)
                .replace("\"commandRetrySeconds\":120", "\"commandRetrySeconds\":" + commandRetrySeconds)
                .replace("\"bootTimeoutSeconds\":600", "\"bootTimeoutSeconds\":3600");
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON).body(body)
                .put("/v1/scaling-policy").then().statusCode(200);
    }

    static void depth(int readyConversations, int busyConversations, int readyMessages) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("workspaceId", "default");
        data.put("readyMessages", readyMessages);
        data.put("readyConversations", readyConversations);
        data.put("busyConversations", busyConversations);
        data.put("delayedMessages", 0);
        data.put("deadLetters", 0);
        data.put("oldestReadyAgeMs", 1200);
        data.put("measuredAt", Instant.now().toString());
        TestEvents.send(Topics.QUEUE_DEPTH, "queue.depth", "default", data);
    }

    static void depthRow(int readyConversations) {
        TestEvents.execute("INSERT INTO scheduler.depth VALUES ('default', " + readyConversations + ", "
                + readyConversations + ", 0, 0, 0, 0, now()) ON CONFLICT (workspace_id) DO UPDATE SET"
                + " ready_conversations = EXCLUDED.ready_conversations, measured_at = now()");
    }

    static void activity(String type, String workerId, Instant at, Instant idleSince, Instant lastHeartbeatAt) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("workerId", workerId);
        data.put("at", at.toString());
        if (idleSince != null) {
            data.put("idleSince", idleSince.toString());
        }
        if (lastHeartbeatAt != null) {
            data.put("lastHeartbeatAt", lastHeartbeatAt.toString());
        }
        TestEvents.send(Topics.WORKERS_ACTIVITY, type, workerId, data);
    }

    static void outcome(String type, String commandId, String action, String workerId, String machineId) {
        TestEvents.send(Topics.PROVIDER_MACHINES, type, machineId == null ? workerId : machineId,
                outcomeData(commandId, action, workerId, machineId));
    }

    static void failedOutcome(String commandId, String action, String workerId, String errorCode) {
        Map<String, Object> data = outcomeData(commandId, action, workerId, null);
        data.put("errorCode", errorCode);
        data.put("error", "refused: " + errorCode);
        TestEvents.send(Topics.PROVIDER_MACHINES, "provider.command.failed", workerId, data);
    }

    private static Map<String, Object> outcomeData(String commandId, String action, String workerId, String machineId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("commandId", commandId);
        data.put("action", action);
        data.put("appName", "agent-factory-workers");
        data.put("workerId", workerId);
        data.put("machineId", machineId);
        data.put("attempt", 1);
        data.put("at", Instant.now().toString());
        return data;
    }

    static JsonPath reconcile() {
        return given().header("Authorization", TestCredentials.ADMIN).post("/v1/reconcile")
                .then().statusCode(200).extract().jsonPath();
    }

    static List<String> workers(String status) {
        return given().header("Authorization", TestCredentials.ADMIN).queryParam("status", status).get("/v1/workers")
                .then().statusCode(200).extract().jsonPath().getList("workerId");
    }

    static String status(String workerId) {
        return TestEvents.text("SELECT status FROM scheduler.workers WHERE worker_id = '" + workerId + "'");
    }

    /** Provider commands in the outbox for the workers of the current test (the fleet is cleaned per test). */
    static long commands(String like) {
        return TestEvents.count("SELECT count(*) FROM scheduler.event_log WHERE topic = 'af.provider.commands.v1'"
                + " AND envelope->'data'->>'commandId' LIKE '" + like + "'"
                + " AND envelope->'data'->>'workerId' IN (SELECT worker_id FROM scheduler.workers)");
    }
}
