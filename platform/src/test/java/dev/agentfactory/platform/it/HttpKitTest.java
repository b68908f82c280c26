package dev.agentfactory.platform.it;

import dev.agentfactory.platform.testing.TestCredentials;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class HttpKitTest {

    @Test
    void everyInvalidFieldIsListedInOneProblem() {
        given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON)
                .body("{\"name\":\" \",\"code\":\"toolong\",\"priority\":12}")
                .post("/probe/echo")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("type", startsWith("https://agentfactory.dev/problems/"))
                .body("violations", hasSize(3))
                .body("violations.field", org.hamcrest.Matchers.contains("code", "name", "priority"));
    }

    @Test
    void malformedJsonIsAProblem() {
        given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON)
                .body("{\"name\":")
                .post("/probe/echo")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
    }

    @Test
    void aBodyThatIsNotAnObjectIsMalformedNotAnEmptyObject() {
        for (String notAnObject : List.of("[]", "[{\"name\":\"a\"}]", "5", "1.5", "\"a\"", "\"\"", "true")) {
            given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON).body(notAnObject)
                    .post("/probe/echo")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("https://agentfactory.dev/problems/malformed-json"));
        }
    }

    @Test
    void aValueOfTheWrongTypeIsAProblem() {
        given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON)
                .body("{\"name\":\"a\",\"priority\":\"many\"}")
                .post("/probe/echo")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
    }

    @Test
    void oversizedBodiesAre413Problems() {
        String big = "{\"name\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";
        given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON).body(big)
                .post("/probe/echo")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
    }

    @Test
    void domainProblemsAndUnknownRoutesAreProblems() {
        given().get("/probe/missing").then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("there is nothing here"));
        given().get("/probe/nowhere").then().statusCode(404);
    }

    @Test
    void apiKeysCarryRoles() {
        given().get("/probe/admin").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer wrong").get("/probe/admin").then().statusCode(401);
        given().header("Authorization", TestCredentials.APP).get("/probe/admin").then().statusCode(403);
        given().header("Authorization", TestCredentials.ADMIN).get("/probe/admin").then().statusCode(200)
                .body("role", equalTo("ADMIN"));
        given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body("{\"name\":\"a\"}").post("/probe/echo").then().statusCode(200).body("role", equalTo("ADMIN"));
        given().get("/probe/public").then().statusCode(200);
    }

    @Test
    void aWorkerTokenActsOnlyForItsWorker() {
        String token = given().header("Authorization", TestCredentials.ADMIN).post("/probe/tokens/w-1")
                .then().statusCode(200).extract().path("token");
        given().header("Authorization", "Bearer " + token).get("/probe/workers/w-1")
                .then().statusCode(200).body("role", equalTo("WORKER"));
        given().header("Authorization", "Bearer " + token).get("/probe/workers/w-2")
                .then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + token).get("/probe/admin").then().statusCode(403);
        given().header("Authorization", "Bearer " + token + "x").get("/probe/workers/w-1").then().statusCode(401);
        given().header("Authorization", TestCredentials.SERVICE).get("/probe/workers/w-2").then().statusCode(200);
    }
}
