package dev.agentfactory.scheduler.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.testing.Contracts;
import dev.agentfactory.platform.testing.TestCredentials;
import dev.agentfactory.platform.testing.TopicProbe;
import dev.agentfactory.scheduler.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class PushJobsTest {

    static String job(String agentKey, String schedule) {
        return """
                {"agentKey":"%s","text":"Good morning! Here is your digest.","data":{"digest":true},"schedule":%s}
                """.formatted(agentKey, schedule);
    }

    static ValidatableResponse post(String body, String key) {
        return given().header("Authorization", key).contentType(ContentType.JSON).body(body).post("/v1/push-jobs").then();
    }

    static long jobs(String agentKey) {
        return TestEvents.count("SELECT count(*) FROM scheduler.push_jobs WHERE agent_key = '" + agentKey + "'");
    }

    @Test
    void crudPerAgent() {
        String id = post(job("crud-agent", "{\"time\":\"08:30\",\"timeZone\":\"Europe/Rome\",\"weekdays\":[5,1,1]}"),
                TestCredentials.APP).statusCode(201).body("schedule.weekdays", equalTo(List.of(1, 5)))
                .body("conversationId", equalTo("push:crud-agent")).body("workspaceId", equalTo("default"))
                .body("nextSlotAt", notNullValue()).body("enabled", equalTo(true)).extract().path("jobId");
        given().header("Authorization", TestCredentials.APP).get("/v1/push-jobs?agentKey=crud-agent")
                .then().statusCode(200).body("jobId", equalTo(List.of(id)));
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(job("crud-agent", "{\"time\":\"21:00\",\"timeZone\":\"UTC\",\"daysOfMonth\":[1,15]}"))
                .put("/v1/push-jobs/" + id).then().statusCode(200).body("schedule.time", equalTo("21:00"))
                .body("schedule.daysOfMonth", equalTo(List.of(1, 15))).body("schedule.weekdays", hasSize(0));
        given().header("Authorization", TestCredentials.APP).delete("/v1/push-jobs/" + id).then().statusCode(204);
        given().header("Authorization", TestCredentials.APP).get("/v1/push-jobs/" + id).then().statusCode(404);
        given().header("Authorization", TestCredentials.APP).delete("/v1/push-jobs/" + id).then().statusCode(404);
        given().header("Authorization", TestCredentials.SERVICE).get("/v1/push-jobs").then().statusCode(403);
    }

    @Test
    void onlyFixedSlotsAreAccepted() {
        post(job("bad-agent", "{\"time\":\"08:30\",\"timeZone\":\"UTC\",\"everyMinutes\":15}"), TestCredentials.APP)
                .statusCode(400).body("violations.message", hasItem(containsString("every-N-minutes")));
        post(job("bad-agent", "{\"time\":\"08:30\",\"timeZone\":\"UTC\",\"cron\":\"*/5 * * * *\"}"), TestCredentials.APP)
                .statusCode(400);
        post(job("bad-agent", "{\"time\":\"8:30\",\"timeZone\":\"UTC\"}"), TestCredentials.APP)
                .statusCode(400).body("violations.field", hasItem(containsString("time")));
        post(job("bad-agent", "{\"time\":\"24:00\",\"timeZone\":\"UTC\"}"), TestCredentials.APP).statusCode(400);
        post(job("bad-agent", "{\"time\":\"08:30\",\"timeZone\":\"Mars/Olympus\"}"), TestCredentials.APP)
                .statusCode(400).body("violations.field", hasItem("schedule.timeZone"));
        post(job("bad-agent", "{\"time\":\"08:30\",\"timeZone\":\"UTC\",\"weekdays\":[0,8]}"), TestCredentials.APP)
                .statusCode(400);
        post(job("bad-agent", "{\"time\":\"08:30\",\"timeZone\":\"UTC\",\"daysOfMonth\":[32]}"), TestCredentials.APP)
                .statusCode(400);
        post(job("Bad Agent", "{\"time\":\"08:30\",\"timeZone\":\"UTC\"}"), TestCredentials.APP).statusCode(400);
        assertEquals(0, jobs("bad-agent"));
    }

    @Test
    void dueSlotsAreEnqueuedOnceWithDeterministicIds() {
        String id = post(job("push-agent", "{\"time\":\"09:00\",\"timeZone\":\"Europe/Rome\",\"weekdays\":[1]}"),
                TestCredentials.ADMIN).statusCode(201).extract().path("jobId");
        // Monday 2026-01-05 09:00 in Rome is 08:00Z; a dispatcher at 07:00Z enqueues it for 08:00Z
        String messageId = "push:" + id + ":2026-01-05T08:00:00Z";
        dispatch("2026-01-05T07:00:00Z").body("dispatched", equalTo(1)).body("messageIds", equalTo(List.of(messageId)));
        dispatch("2026-01-05T08:00:00Z").body("dispatched", equalTo(0)).body("alreadyDispatched", equalTo(1));
        List<CompletableFuture<Void>> concurrent = IntStream.range(0, 3).mapToObj(i -> CompletableFuture.runAsync(
                () -> dispatch("2026-01-05T07:30:00Z"))).toList();
        concurrent.forEach(CompletableFuture::join);
        dispatch("2026-01-06T07:00:00Z").body("dispatched", equalTo(0)).body("dueSlots", equalTo(0));

        assertEquals(1, TestEvents.count("SELECT count(*) FROM scheduler.event_log WHERE topic = 'af.messages.enqueued.v1'"
                + " AND envelope->'data'->>'messageId' = '" + messageId + "'"));
        try (TopicProbe probe = new TopicProbe(Topics.MESSAGES_ENQUEUED)) {
            JsonNode event = probe.await(TopicProbe.ofType("message.enqueued", "messageId", messageId), Duration.ofSeconds(20));
            Contracts.assertValid(Json.write(event));
            JsonNode data = event.path("data");
            assertEquals("push", data.path("origin").asText());
            assertEquals("push", data.path("payload").path("kind").asText());
            assertEquals("2026-01-05T08:00:00Z", data.path("availableAt").asText());
            assertEquals("push:push-agent", event.path("subject").asText());
        }
        given().header("Authorization", TestCredentials.APP).get("/v1/push-jobs/dispatches?agentKey=push-agent")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].messageId", equalTo(messageId))
                .body("[0].trigger", equalTo("manual"));
    }

    @Test
    void aMissedSlotIsCaughtUpWithinTheLookbackAndDisabledJobsAreSkipped() {
        String id = post(job("late-agent", "{\"time\":\"10:15\",\"timeZone\":\"UTC\"}"), TestCredentials.APP)
                .statusCode(201).extract().path("jobId");
        post("{\"agentKey\":\"late-agent\",\"text\":\"off\",\"enabled\":false,\"schedule\":{\"time\":\"10:20\",\"timeZone\":\"UTC\"}}",
                TestCredentials.APP).statusCode(201);
        dispatch("2026-02-01T11:00:00Z").body("messageIds", equalTo(List.of("push:" + id + ":2026-02-01T10:15:00Z")));
        given().header("Authorization", TestCredentials.ADMIN).post("/v1/push-jobs/dispatch?at=yesterday")
                .then().statusCode(400);
        given().header("Authorization", TestCredentials.APP).post("/v1/push-jobs/dispatch").then().statusCode(403);
    }

    private static ValidatableResponse dispatch(String at) {
        return given().header("Authorization", TestCredentials.ADMIN).post("/v1/push-jobs/dispatch?at=" + at)
                .then().statusCode(200);
    }
}
