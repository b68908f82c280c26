package dev.agentfactory.scheduler;

import dev.agentfactory.platform.testing.TestCredentials;
import dev.agentfactory.scheduler.policy.ScalingPolicy;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
public class ScalingPolicyTest {

    public static String policy(int min, int max, int perWorker, int step, long idle, int memoryMb) {
        return """
                {"minWorkers":%d,"maxWorkers":%d,"conversationsPerWorker":%d,"spawnStep":%d,
                 "idleTimeoutSeconds":%d,"drainTimeoutSeconds":600,"heartbeatStaleAfterSeconds":120,
                 "bootTimeoutSeconds":600,"commandRetrySeconds":120,"fallbackIntervalSeconds":300,
                 "machine":{"image":"registry.example/worker:1","region":"ams","cpuKind":"shared","cpus":1,
                            "memoryMb":%d,"volumeSizeGb":5,"volumePath":"/data"}}
                """.formatted(min, max, perWorker, step, idle, memoryMb);
    }

    /** The same policy with a pool of parked machines. */
    public static String withParking(String policy, int parkLimit, long parkedTtlSeconds) {
        return policy.replace("\"machine\":", "\"parkLimit\":" + parkLimit + ",\"parkedTtlSeconds\":" + parkedTtlSeconds
                + ",\"machine\":");
    }

    @AfterEach
    void reset() {
        TestEvents.execute("DELETE FROM scheduler.scaling_policy");
    }

    @Test
    void defaultsComeFromConfiguration() {
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/scaling-policy")
                .then().statusCode(200).body("source", equalTo("config"))
                .body("policy.idleTimeoutSeconds", equalTo(1800)).body("policy.fallbackIntervalSeconds", equalTo(300))
                .body("policy.conversationsPerWorker", equalTo(1)).body("policy.machine.memoryMb", equalTo(2048))
                // a 2 GB machine can be suspended, so idle workers are parked, up to the whole fleet
                .body("policy.maxWorkers", equalTo(10)).body("policy.parkLimit", equalTo(10));
    }

    @Test
    void theDefaultPoolNeedsAMachineSmallEnoughToSuspend() {
        assertEquals(10, ScalingPolicy.defaultParkLimit(10, 2048));
        assertEquals(0, ScalingPolicy.defaultParkLimit(10, 2304));
    }

    @Test
    void anAdminStoresAValidPolicy() {
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(policy(1, 4, 2, 2, 900, 1024)).put("/v1/scaling-policy")
                .then().statusCode(200).body("source", equalTo("stored")).body("policy.maxWorkers", equalTo(4));
        given().header("Authorization", TestCredentials.ADMIN).get("/v1/scaling-policy")
                .then().statusCode(200).body("policy.conversationsPerWorker", equalTo(2))
                .body("policy.machine.region", equalTo("ams"))
                .body("policy.parkLimit", equalTo(0)).body("policy.parkedTtlSeconds", equalTo(86400));
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(withParking(policy(1, 4, 2, 2, 900, 1024), 3, 3600)).put("/v1/scaling-policy")
                .then().statusCode(200).body("policy.parkLimit", equalTo(3)).body("policy.parkedTtlSeconds", equalTo(3600));
    }

    @Test
    void invalidPoliciesAreRefusedAndChangeNothing() {
        put(policy(5, 2, 1, 1, 900, 1024)).body("violations.field", hasItem("minWorkers"));
        put(policy(0, 2, 0, 1, 900, 1024)).body("violations.field", hasItem("conversationsPerWorker"));
        put(policy(0, 2, 1, 0, 900, 1024)).body("violations.field", hasItem("spawnStep"));
        put(policy(0, 2, 1, 1, -5, 1024)).body("violations.field", hasItem("idleTimeoutSeconds"));
        put(policy(0, 2, 1, 1, 900, 1000)).body("violations.field", hasItem("machine.memoryMb"));
        put(withParking(policy(0, 2, 1, 1, 900, 1024), 3, 3600)).body("violations.field", hasItem("parkLimit"));
        put(withParking(policy(0, 2, 1, 1, 900, 1024), 1, 30)).body("violations.field", hasItem("parkedTtlSeconds"));
        put("{\"minWorkers\":1}").body("violations.field", hasItem("machine"));
        assertEquals(0, TestEvents.count("SELECT count(*) FROM scheduler.scaling_policy"));
    }

    @Test
    void onlyAdminsChangeThePolicy() {
        given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON)
                .body(policy(0, 2, 1, 1, 900, 1024)).put("/v1/scaling-policy").then().statusCode(403);
        given().contentType(ContentType.JSON).body(policy(0, 2, 1, 1, 900, 1024)).put("/v1/scaling-policy")
                .then().statusCode(401);
        assertEquals(0, TestEvents.count("SELECT count(*) FROM scheduler.scaling_policy"));
    }

    private static io.restassured.response.ValidatableResponse put(String body) {
        return given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON).body(body)
                .put("/v1/scaling-policy").then().statusCode(400).contentType("application/problem+json");
    }
}
