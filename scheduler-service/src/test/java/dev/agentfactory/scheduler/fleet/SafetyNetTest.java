package dev.agentfactory.scheduler.fleet;

import dev.agentfactory.platform.testing.TestCredentials;
import dev.agentfactory.scheduler.ScalingPolicyTest;
import dev.agentfactory.scheduler.TestEvents;
import dev.agentfactory.scheduler.reconcile.DecisionRetention;
import dev.agentfactory.scheduler.reconcile.FallbackReconcile;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.agentfactory.scheduler.fleet.FleetTestSupport.reconcile;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The timers (off in the test profile, so driven here by hand): the fallback reconcile after a quiet spell, and
 * the pruning of old decisions.
 */
@QuarkusTest
class SafetyNetTest {

    @Inject
    FallbackReconcile fallback;

    @Inject
    DecisionRetention retention;

    @BeforeEach
    void clean() {
        FleetTestSupport.cleanFleet();
    }

    @Test
    void theFallbackReconcilesOnlyAfterTheQuietInterval() {
        String tenSeconds = ScalingPolicyTest.policy(0, 3, 1, 1, 1800, 2048)
                .replace("\"fallbackIntervalSeconds\":300", "\"fallbackIntervalSeconds\":10");
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON).body(tenSeconds)
                .put("/v1/scaling-policy").then().statusCode(200).body("policy.fallbackIntervalSeconds", equalTo(10));
        reconcile();
        Instant reconciled = Instant.now();

        fallback.tick().await().indefinitely();
        assertEquals(0, fallbackDecisions(), "a reconcile just ran: the fallback waits");

        await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(500)).until(() -> {
            fallback.tick().await().indefinitely();
            return fallbackDecisions() == 1;
        });
        assertTrue(Duration.between(reconciled, Instant.now()).toSeconds() >= 10,
                "the fallback came after the quiet interval, not before");
        fallback.tick().await().indefinitely();
        assertEquals(1, fallbackDecisions(), "and it reset the interval");
    }

    @Test
    void decisionsOlderThanTheRetentionArePrunedButTheNewestStays() {
        insertDecision("old-1", "now() - interval '30 days'");
        insertDecision("old-2", "now() - interval '8 days'");
        insertDecision("recent", "now() - interval '6 days'");

        assertEquals(2L, retention.prune(Instant.now()).await().indefinitely());
        assertEquals(1, TestEvents.count("SELECT count(*) FROM scheduler.decisions"));
        assertEquals("recent", TestEvents.text("SELECT reason FROM scheduler.decisions"));

        // everything old: the newest is still kept, for GET /v1/capacity
        assertEquals(0L, retention.prune(Instant.now().plus(Duration.ofDays(30))).await().indefinitely());
        assertEquals(1, TestEvents.count("SELECT count(*) FROM scheduler.decisions"));
    }

    private static long fallbackDecisions() {
        return TestEvents.count("SELECT count(*) FROM scheduler.decisions WHERE trigger = 'fallback'");
    }

    private static void insertDecision(String reason, String decidedAt) {
        TestEvents.execute("INSERT INTO scheduler.decisions (decided_at, trigger, desired, demand, fleet, actions, reason)"
                + " VALUES (" + decidedAt + ", 'test', 0, '{}', '{}', '[]', '" + reason + "')");
    }
}
