package dev.agentfactory.scheduler.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.testing.Contracts;
import dev.agentfactory.platform.testing.TestCredentials;
import dev.agentfactory.platform.testing.TopicProbe;
import dev.agentfactory.scheduler.FakeSkills;
import dev.agentfactory.scheduler.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static dev.agentfactory.scheduler.fleet.FleetTestSupport.commands;
import static dev.agentfactory.scheduler.fleet.FleetTestSupport.depth;
import static dev.agentfactory.scheduler.fleet.FleetTestSupport.depthRow;
import static dev.agentfactory.scheduler.fleet.FleetTestSupport.reconcile;
import static dev.agentfactory.scheduler.fleet.FleetTestSupport.workers;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Growth: depth events spawn workers, creates carry secret refs only, and nothing is ever created twice. */
@QuarkusTest
class FleetScalingTest {

    @BeforeEach
    void clean() {
        FleetTestSupport.cleanFleet();
        FakeSkills.FAIL_NEXT.set(0);
    }

    @Test
    void aDepthEventSpawnsOneWorkerPerConversationWithItsTokenStoredByReference() {
        FleetTestSupport.policy(5, 3, 120);
        depth(2, 0, 7);
        await().atMost(Duration.ofSeconds(20)).until(() -> commands("create:%") == 2);
        List<String> spawned = workers("active");
        assertEquals(2, spawned.size(), "two conversations with work, seven messages: two workers");

        try (TopicProbe commandsTopic = new TopicProbe(Topics.PROVIDER_COMMANDS);
             TopicProbe fleet = new TopicProbe(Topics.SCHEDULER_FLEET)) {
            for (String workerId : spawned) {
                JsonNode create = commandsTopic.await(TopicProbe.ofType("provider.command.requested", "commandId",
                        "create:" + workerId), Duration.ofSeconds(20));
                String raw = Json.write(create);
                Contracts.assertValid(raw);
                JsonNode machine = create.path("data").path("machine");
                assertEquals("create-machine", create.path("data").path("action").asText());
                assertEquals(workerId, machine.path("env").path("AF_WORKER_ID").asText());
                assertEquals("http://127.0.0.1:8082", machine.path("env").path("AF_QUEUE_URL").asText());
                assertEquals("worker.token." + workerId, machine.path("secretEnv").path("AF_WORKER_TOKEN").asText());
                assertEquals("openclaw.serviceKey", machine.path("secretEnv").path("OPENCLAW_SERVICE_KEY").asText());
                assertEquals("openclaw.serviceId", machine.path("secretEnv").path("OPENCLAW_SERVICE_ID").asText());
                assertEquals("openclaw.linkingSharedSecret",
                        machine.path("secretEnv").path("OPENCLAW_LINKING_SHARED_SECRET").asText());
                String token = FakeSkills.SECRETS.get("worker.token." + workerId);
                assertTrue(token != null && token.startsWith("wt1."), "the token was stored in skills-service");
                assertFalse(raw.contains(token), "the token itself never travels on Kafka");
                assertFalse(raw.contains("wt1."), "no worker token of any kind in the command");

                JsonNode active = fleet.await(TopicProbe.ofType("worker.status-changed", "workerId", workerId),
                        Duration.ofSeconds(20));
                Contracts.assertValid(Json.write(active));
                assertEquals("active", active.path("data").path("status").asText());
                assertEquals("spawned", active.path("data").path("reason").asText());
            }
        }

        given().header("Authorization", TestCredentials.ADMIN).get("/v1/capacity").then().statusCode(200)
                .body("desired", equalTo(2)).body("actual.starting", equalTo(2))
                .body("demand.conversationsWithWork", equalTo(2)).body("demand.readyMessages", equalTo(7))
                .body("lastDecision.desired", equalTo(2)).body("lastDecision.reason", containsString("desired 2"));
    }

    @Test
    void reconcilingAgainChangesNothing() {
        FleetTestSupport.policy(5, 3, 120);
        depthRow(2);
        JsonPath first = reconcile();
        assertEquals(2, first.getInt("createsEmitted"));
        JsonPath second = reconcile();
        JsonPath third = reconcile();
        assertEquals(List.of(), second.getList("actions"));
        assertEquals(List.of(), third.getList("actions"));
        assertEquals(2, TestEvents.count("SELECT count(*) FROM scheduler.workers"));
        assertEquals(2, commands("create:%"));
        assertTrue(third.getString("reason").contains("steady"), third.getString("reason"));
        assertEquals(3, TestEvents.count("SELECT count(*) FROM scheduler.decisions WHERE trigger = 'manual'"));
    }

    @Test
    void neverMoreThanMaxWorkersNorMoreThanConversationsWithWork() {
        FleetTestSupport.policy(3, 10, 120);
        depthRow(8);
        reconcile();
        reconcile();
        assertEquals(3, TestEvents.count("SELECT count(*) FROM scheduler.workers"), "maxWorkers is 3");
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/capacity").then()
                .body("desired", equalTo(3)).body("lastDecision.reason", containsString("max 3"));

        FleetTestSupport.cleanFleet();
        FleetTestSupport.policy(10, 10, 120);
        depthRow(1);
        TestEvents.execute("UPDATE scheduler.depth SET ready_messages = 40");
        reconcile();
        reconcile();
        assertEquals(1, TestEvents.count("SELECT count(*) FROM scheduler.workers"),
                "forty messages in one conversation need one worker");
    }

    @Test
    void aFailedTokenStoreIsRetriedAndConcurrentReconcilesCreateOnce() {
        FleetTestSupport.policy(5, 3, 120);
        depthRow(1);
        FakeSkills.FAIL_NEXT.set(1);
        JsonPath first = reconcile();
        assertEquals(0, first.getInt("createsEmitted"), "skills answered 503: the create waits");
        String workerId = workers("active").get(0);
        assertEquals(0, commands("create:%"));

        List<CompletableFuture<Void>> runs = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.runAsync(FleetTestSupport::reconcile)).toList();
        runs.forEach(CompletableFuture::join);
        assertEquals(1, TestEvents.count("SELECT count(*) FROM scheduler.workers"));
        assertEquals(1, commands("create:" + workerId));

        // as after a crash that lost the slot's progress: the command ledger still refuses a second create
        TestEvents.execute("UPDATE scheduler.workers SET create_requested_at = NULL");
        reconcile();
        reconcile();
        assertEquals(1, commands("create:%"));
        assertEquals(1, TestEvents.count("SELECT count(*) FROM scheduler.provider_commands WHERE action = 'create-machine'"));
    }

    @Test
    void capacityAndWorkersNeedAKey() {
        given().get("/v1/capacity").then().statusCode(401);
        given().header("Authorization", TestCredentials.APP).post("/v1/reconcile").then().statusCode(403);
        given().header("Authorization", TestCredentials.ADMIN).queryParam("status", "sleeping").get("/v1/workers")
                .then().statusCode(400);
    }
}
