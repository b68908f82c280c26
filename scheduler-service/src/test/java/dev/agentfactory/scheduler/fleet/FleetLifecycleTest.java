package dev.agentfactory.scheduler.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.testing.Contracts;
import dev.agentfactory.platform.testing.TestCredentials;
import dev.agentfactory.platform.testing.TopicProbe;
import dev.agentfactory.scheduler.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import static dev.agentfactory.scheduler.fleet.FleetTestSupport.activity;
import static dev.agentfactory.scheduler.fleet.FleetTestSupport.commands;
import static dev.agentfactory.scheduler.fleet.FleetTestSupport.depth;
import static dev.agentfactory.scheduler.fleet.FleetTestSupport.depthRow;
import static dev.agentfactory.scheduler.fleet.FleetTestSupport.failedOutcome;
import static dev.agentfactory.scheduler.fleet.FleetTestSupport.outcome;
import static dev.agentfactory.scheduler.fleet.FleetTestSupport.reconcile;
import static dev.agentfactory.scheduler.fleet.FleetTestSupport.status;
import static dev.agentfactory.scheduler.fleet.FleetTestSupport.workers;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shrinking and teardown: active → draining → stopping → stopped, driven by queue and provider events. */
@QuarkusTest
class FleetLifecycleTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeEach
    void clean() {
        FleetTestSupport.cleanFleet();
    }

    private static String oneWorker(long commandRetrySeconds) {
        return oneWorker(commandRetrySeconds, 0);
    }

    private static String oneWorker(long commandRetrySeconds, int parkLimit) {
        FleetTestSupport.policy(5, 3, commandRetrySeconds, parkLimit);
        depthRow(1);
        reconcile();
        return workers("active").get(0);
    }

    @Test
    void anIdleWorkerAboveDemandIsDrainedStoppedAndDestroyed() {
        String w = oneWorker(120);
        Instant longAgo = Instant.now().minus(Duration.ofHours(2));
        activity("worker.first-claim", w, longAgo, null, null);
        activity("worker.idle", w, longAgo.plusSeconds(60), longAgo.plusSeconds(60), null);
        await().atMost(WAIT).until(() -> TestEvents.count("SELECT count(*) FROM scheduler.workers WHERE idle_since IS NOT NULL") == 1);
        depth(0, 0, 0);

        await().atMost(WAIT).until(() -> "stopping".equals(status(w)));
        assertEquals(1, commands("stop:" + w + ":1"));
        try (TopicProbe fleet = new TopicProbe(Topics.SCHEDULER_FLEET);
             TopicProbe commandsTopic = new TopicProbe(Topics.PROVIDER_COMMANDS)) {
            JsonNode draining = fleet.await(change(w, "draining"), WAIT);
            assertEquals("idle-timeout", draining.path("data").path("reason").asText());
            assertEquals("active", draining.path("data").path("previousStatus").asText());
            Contracts.assertValid(Json.write(draining));
            JsonNode stopping = fleet.await(change(w, "stopping"), WAIT);
            assertEquals("drained", stopping.path("data").path("reason").asText());
            JsonNode stop = commandsTopic.await(TopicProbe.ofType("provider.command.requested", "commandId", "stop:" + w + ":1"), WAIT);
            Contracts.assertValid(Json.write(stop));
            assertEquals("SIGTERM", stop.path("data").path("stop").path("signal").asText());

            outcome("provider.command.succeeded", "stop:" + w + ":1", "stop-machine", w, "m-" + w);
            JsonNode destroy = commandsTopic.await(TopicProbe.ofType("provider.command.requested", "commandId", "destroy:" + w + ":1"), WAIT);
            Contracts.assertValid(Json.write(destroy));
            assertEquals("m-" + w, destroy.path("data").path("machineId").asText());

            outcome("provider.command.succeeded", "destroy:" + w + ":1", "destroy-machine", w, "m-" + w);
            JsonNode stopped = fleet.await(change(w, "stopped"), WAIT);
            Contracts.assertValid(Json.write(stopped));
            assertEquals("machine-destroyed", stopped.path("data").path("reason").asText());
            assertEquals("stopping", stopped.path("data").path("previousStatus").asText());
        }
        assertEquals("stopped", status(w));
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/workers?status=stopped")
                .then().statusCode(200).body("workerId", hasItem(w));

        depthRow(1);
        reconcile();
        assertEquals("stopped", status(w), "stopped is terminal; demand gets a new worker instead");
        assertEquals(1, workers("active").size());
    }

    @Test
    void anIdleWorkerIsParkedSuspendedAndResumedBeforeAnyNewMachineIsCreated() {
        String w = oneWorker(120, 2);
        Instant longAgo = Instant.now().minus(Duration.ofHours(2));
        activity("worker.first-claim", w, longAgo, null, null);
        activity("worker.idle", w, longAgo.plusSeconds(60), longAgo.plusSeconds(60), null);
        await().atMost(WAIT).until(() -> TestEvents.count("SELECT count(*) FROM scheduler.workers WHERE idle_since IS NOT NULL") == 1);
        try (TopicProbe fleet = new TopicProbe(Topics.SCHEDULER_FLEET);
             TopicProbe commandsTopic = new TopicProbe(Topics.PROVIDER_COMMANDS)) {
            depth(0, 0, 0);
            JsonNode parking = fleet.await(change(w, "parking"), WAIT);
            Contracts.assertValid(Json.write(parking));
            assertEquals("idle-timeout", parking.path("data").path("reason").asText());
            JsonNode suspend = commandsTopic.await(TopicProbe.ofType("provider.command.requested", "commandId",
                    "suspend:" + w + ":1.1"), WAIT);
            Contracts.assertValid(Json.write(suspend));
            assertEquals("suspend-machine", suspend.path("data").path("action").asText());
            assertEquals(0, commands("stop:" + w + ":%"), "a parked worker is not stopped");

            outcome("provider.command.succeeded", "suspend:" + w + ":1.1", "suspend-machine", w, "m-" + w);
            JsonNode parked = fleet.await(change(w, "parked"), WAIT);
            Contracts.assertValid(Json.write(parked));
            assertEquals("suspended", parked.path("data").path("reason").asText());
            given().header("Authorization", TestCredentials.ADMIN).get("/v1/capacity")
                    .then().statusCode(200).body("actual.parked", equalTo(1)).body("actual.active", equalTo(0));

            depth(1, 0, 1);
            JsonNode resumed = fleet.await(change(w, "active").and(e -> "parked".equals(e.path("data").path("previousStatus").asText())), WAIT);
            assertEquals("resumed", resumed.path("data").path("reason").asText());
            assertEquals("parked", resumed.path("data").path("previousStatus").asText());
            JsonNode start = commandsTopic.await(TopicProbe.ofType("provider.command.requested", "commandId",
                    "resume:" + w + ":1.1"), WAIT);
            Contracts.assertValid(Json.write(start));
            assertEquals("start-machine", start.path("data").path("action").asText());
            assertEquals("m-" + w, start.path("data").path("machineId").asText());
        }
        assertEquals(List.of(w), workers("active"), "the parked machine serves; none is created");
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/workers/" + w)
                .then().statusCode(200).body("starting", equalTo(true)).body("parkCycle", equalTo(1));
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/capacity")
                .then().statusCode(200).body("actual.starting", equalTo(1)).body("actual.active", equalTo(0))
                .body("actual.parked", equalTo(0));

        outcome("provider.command.succeeded", "suspend:" + w + ":1.1", "suspend-machine", w, "m-" + w);
        outcome("provider.command.succeeded", "resume:" + w + ":1.1", "start-machine", w, "m-" + w);
        await().atMost(WAIT).until(() -> TestEvents.count("SELECT count(*) FROM scheduler.workers WHERE worker_id = '"
                + w + "' AND resume_confirmed_at IS NOT NULL") == 1);
        assertEquals("active", status(w), "a late suspend outcome of the finished cycle changes nothing");
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/workers/" + w)
                .then().statusCode(200).body("starting", equalTo(false));
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/capacity")
                .then().statusCode(200).body("actual.starting", equalTo(0)).body("actual.active", equalTo(1));
    }

    @Test
    void aMachineThatCannotBeSuspendedIsStoppedInstead() {
        String w = oneWorker(120, 2);
        Instant longAgo = Instant.now().minus(Duration.ofHours(2));
        activity("worker.idle", w, longAgo, longAgo, null);
        await().atMost(WAIT).until(() -> TestEvents.count("SELECT count(*) FROM scheduler.workers WHERE idle_since IS NOT NULL") == 1);
        depth(0, 0, 0);
        await().atMost(WAIT).until(() -> commands("suspend:" + w + ":1.1") == 1);
        failedOutcome("suspend:" + w + ":1.1", "suspend-machine", w, "precondition_failed");
        await().atMost(WAIT).until(() -> "stopping".equals(status(w)));
        await().atMost(WAIT).until(() -> commands("stop:" + w + ":1") == 1);
    }

    @Test
    void stopIsRetriedInNewRoundsUntilTheProviderConfirms() {
        String w = oneWorker(1);
        given().header("Authorization", TestCredentials.ADMIN).post("/v1/workers/" + w + "/drain")
                .then().statusCode(200).body("status", equalTo("draining")).body("reason", equalTo("operator-drain"));
        await().atMost(WAIT).until(() -> "stopping".equals(status(w)));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            reconcile();
            return commands("stop:" + w + ":%") >= 2;
        });
        outcome("provider.command.failed", "stop:" + w + ":2", "stop-machine", w, "m-gone");
        outcome("provider.command.succeeded", "stop:" + w + ":1", "stop-machine", w, "m-gone");
        await().atMost(WAIT).until(() -> commands("destroy:" + w + ":1") == 1);
        outcome("provider.command.failed", "destroy:" + w + ":1", "destroy-machine", w, "m-gone");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            reconcile();
            return commands("destroy:" + w + ":%") >= 2;
        });
        assertEquals("stopping", status(w), "not stopped before the provider confirms the destroy");
        outcome("provider.command.succeeded", "destroy:" + w + ":2", "destroy-machine", w, "m-gone");
        await().atMost(WAIT).until(() -> "stopped".equals(status(w)));
    }

    @Test
    void aStaleHeartbeatDrainsAWorkerThatKeepsItsLeaseUntilDone() {
        String w = oneWorker(120);
        Instant now = Instant.now();
        activity("worker.first-claim", w, now.minusSeconds(900), null, null);
        activity("worker.heartbeat-stale", w, now, null, now.minusSeconds(600));
        await().atMost(WAIT).until(() -> "draining".equals(status(w)));
        assertEquals("heartbeat-stale", TestEvents.text("SELECT reason FROM scheduler.workers WHERE worker_id = '" + w + "'"));
        reconcile();
        assertEquals("draining", status(w), "it still holds a lease");
        activity("worker.idle", w, Instant.now(), Instant.now(), null);
        await().atMost(WAIT).until(() -> {
            reconcile();
            return "stopping".equals(status(w));
        });
    }

    @Test
    void aFailedCreateDrainsTheSlotAndAReplacementIsSpawned() {
        String w = oneWorker(120);
        outcome("provider.command.failed", "create:" + w, "create-machine", w, "m-never");
        await().atMost(WAIT).until(() -> "stopping".equals(status(w)));
        assertEquals(1, workers("active").size(), "the conversation still has a worker coming");
    }

    @Test
    void aWorkerWhoseCreateFailedIsStoppedEvenWhenTheProviderCannotActOnIt() {
        String w = oneWorker(120);
        outcome("provider.command.failed", "create:" + w, "create-machine", w, null);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            reconcile();
            return commands("stop:" + w + ":1") == 1;
        });
        failedOutcome("stop:" + w + ":1", "stop-machine", w, "wrong_app");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            reconcile();
            return commands("destroy:" + w + ":1") == 1;
        });
        failedOutcome("destroy:" + w + ":1", "destroy-machine", w, "wrong_app");
        await().atMost(WAIT).until(() -> "stopped".equals(status(w)));
    }

    @Test
    void drainingByHandIsCheckedAndAdminOnly() {
        given().header("Authorization", TestCredentials.ADMIN).post("/v1/workers/nobody/drain")
                .then().statusCode(404).contentType("application/problem+json");
        String w = oneWorker(120);
        given().header("Authorization", TestCredentials.APP).post("/v1/workers/" + w + "/drain").then().statusCode(403);
        assertEquals("active", status(w));
        given().header("Authorization", TestCredentials.ADMIN).post("/v1/workers/" + w + "/drain").then().statusCode(200);
        await().atMost(WAIT).until(() -> "stopping".equals(status(w)));
        given().header("Authorization", TestCredentials.ADMIN).post("/v1/workers/" + w + "/drain")
                .then().statusCode(409).contentType("application/problem+json");
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/workers/" + w)
                .then().statusCode(200).body("status", equalTo("stopping")).body("stopRound", equalTo(1));
    }

    private static Predicate<JsonNode> change(String workerId, String status) {
        return event -> "worker.status-changed".equals(event.path("type").asText())
                && workerId.equals(event.path("data").path("workerId").asText())
                && status.equals(event.path("data").path("status").asText());
    }
}
