package dev.agentfactory.ingress.pairing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.ingress.CatalogFixture;
import dev.agentfactory.ingress.Updates;
import dev.agentfactory.ingress.conversation.ConversationIds;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.testing.Contracts;
import dev.agentfactory.platform.testing.LocalInfra;
import dev.agentfactory.platform.testing.TestCredentials;
import dev.agentfactory.platform.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class PairingFlowTest {

    static final String AGENT = "pairing-agent";
    static final String BOT = "pairing_bot";
    static final String SECRET = "pair_" + UUID.randomUUID().toString().replace("-", "");
    static final Duration WAIT = Duration.ofSeconds(20);
    private static boolean seeded;

    @BeforeEach
    void seedCatalog() {
        if (!seeded) {
            CatalogFixture.agent(AGENT, 1, true, BOT, SECRET);
            CatalogFixture.agent("botless-agent", 1, true, null, null);
            seeded = true;
        }
    }

    static ValidatableResponse deliver(String update) {
        return given().contentType(ContentType.JSON).header("X-Telegram-Bot-Api-Secret-Token", SECRET).body(update)
                .post("/telegram/webhook").then();
    }

    static String newCode(String consumerUserId) {
        return given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON)
                .body(Map.of("consumerUserId", consumerUserId, "agentKey", AGENT))
                .post("/v1/pairings").then().statusCode(201)
                .body("status", equalTo("pending")).body("botIdentity", equalTo(BOT))
                .body("code", matchesPattern("^[A-Za-z0-9_-]{1,64}$"))
                .extract().path("code");
    }

    @Test
    void pairingNeedsAKnownAgentWithARegisteredBot() {
        given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON)
                .body(Map.of("consumerUserId", "u1", "agentKey", "no-such-agent")).post("/v1/pairings")
                .then().statusCode(422).contentType("application/problem+json");
        given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON)
                .body(Map.of("consumerUserId", "u1", "agentKey", "botless-agent")).post("/v1/pairings")
                .then().statusCode(409).body("type", equalTo("https://agentfactory.dev/problems/bot-not-registered"));
        given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON)
                .body(Map.of("agentKey", AGENT)).post("/v1/pairings")
                .then().statusCode(400).body("violations[0].field", equalTo("consumerUserId"));
        given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON)
                .body(Map.of("consumerUserId", "u1", "agentKey", AGENT, "ttlSeconds", 999_999)).post("/v1/pairings")
                .then().statusCode(400);
        given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON)
                .body(Map.of("consumerUserId", "u\u0000", "agentKey", AGENT)).post("/v1/pairings")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://agentfactory.dev/problems/invalid-value"));
        given().header("Authorization", TestCredentials.APP).urlEncodingEnabled(false).get("/v1/pairings/ab%00cd")
                .then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", TestCredentials.APP).get("/v1/pairings/nope").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("consumerUserId", "u1", "agentKey", AGENT))
                .post("/v1/pairings").then().statusCode(401);
    }

    @Test
    void groupStartWithTheBotNameBindsTheSenderAndLaterMessagesUseTheStableConversation() {
        String user = "usr_" + UUID.randomUUID();
        String code = newCode(user);
        long start = Updates.nextUpdateId();
        deliver(Updates.command(start, 777001L, -100555L, "supergroup", "/start@" + BOT + " " + code))
                .statusCode(200).body("ok", equalTo(true)).body("agentKey", equalTo(AGENT));
        given().header("Authorization", TestCredentials.APP).get("/v1/pairings/" + code).then().statusCode(200)
                .body("status", equalTo("consumed")).body("telegramUserId", equalTo(777001))
                .body("bindingId", notNullValue());
        given().header("Authorization", TestCredentials.APP).queryParam("consumerUserId", user).get("/v1/bindings")
                .then().statusCode(200).body("items", hasSize(1))
                .body("items[0].source", equalTo("telegram_pairing"))
                .body("items[0].telegramChatId", equalTo(-100555))
                .body("items[0].botIdentity", equalTo(BOT));

        String stable = ConversationIds.forUserAgent(user, AGENT);
        long text = Updates.nextUpdateId();
        deliver(Updates.privateText(text, 777001L, "after pairing")).statusCode(200)
                .body("conversationId", equalTo(stable));
        String viaApi = given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON)
                .body(Map.of("text", "from the app")).post("/v1/users/" + user + "/agents/" + AGENT + "/messages")
                .then().statusCode(202).body("conversationId", equalTo(stable)).extract().path("messageId");
        try (TopicProbe probe = new TopicProbe(Topics.MESSAGES_ENQUEUED)) {
            JsonNode event = probe.await(TopicProbe.ofType("message.enqueued", "messageId", "tg:" + BOT + ":" + text), WAIT);
            Contracts.assertValid(Json.write(event));
            assertEquals(stable, event.at("/data/conversationId").asText());
            assertEquals(user, event.at("/data/consumerUserId").asText());
            assertEquals(AGENT, event.at("/data/agentKey").asText());
            probe.await(TopicProbe.ofType("message.enqueued", "messageId", viaApi), WAIT);
            assertEquals(0, probe.drain(Duration.ofMillis(300)).stream()
                    .filter(r -> r.value().contains("\"tg:" + BOT + ":" + start + "\"")).count(),
                    "the /start command is not enqueued");
        }
        // a re-delivery of the same /start is a success, not "used"
        deliver(Updates.command(start, 777001L, -100555L, "supergroup", "/start@" + BOT + " " + code))
                .statusCode(200).body("ok", equalTo(true));
    }

    @Test
    void badCodesAreAnswered200WithTheErrorAndNothingHappens() throws Exception {
        String used = newCode("usr_used");
        deliver(Updates.command(Updates.nextUpdateId(), 888001L, 888001L, "private", "/start " + used))
                .statusCode(200).body("ok", equalTo(true));
        deliver(Updates.command(Updates.nextUpdateId(), 888002L, 888002L, "private", "/start " + used))
                .statusCode(200).body("ok", equalTo(false)).body("error", equalTo("pairing_code_used"));

        String expired = newCode("usr_expired");
        try (Connection db = LocalInfra.connect(database());
             PreparedStatement st = db.prepareStatement(
                     "UPDATE ingress.pairing_codes SET expires_at = now() - interval '1 second' WHERE code = ?")) {
            st.setString(1, expired);
            assertEquals(1, st.executeUpdate());
        }
        given().header("Authorization", TestCredentials.APP).get("/v1/pairings/" + expired).then()
                .body("status", equalTo("expired"));
        deliver(Updates.command(Updates.nextUpdateId(), 888003L, 888003L, "private", "/start " + expired))
                .statusCode(200).body("ok", equalTo(false)).body("error", equalTo("pairing_code_expired"));
        deliver(Updates.command(Updates.nextUpdateId(), 888003L, 888003L, "private", "/start unknownCode123"))
                .statusCode(200).body("error", equalTo("pairing_code_not_found"));
        deliver(Updates.command(Updates.nextUpdateId(), 888003L, 888003L, "private", "/start bad!code"))
                .statusCode(200).body("error", equalTo("pairing_code_invalid"));
        deliver(Updates.command(Updates.nextUpdateId(), 888003L, 888003L, "private", "/start " + "a".repeat(65)))
                .statusCode(200).body("error", equalTo("pairing_code_invalid"));

        given().header("Authorization", TestCredentials.APP).queryParam("telegramUserId", 888003L)
                .queryParam("includeRevoked", true).get("/v1/bindings").then().body("items", hasSize(0));
        given().header("Authorization", TestCredentials.APP).queryParam("telegramUserId", 888003L)
                .queryParam("includeRevoked", "1").get("/v1/bindings").then().statusCode(400)
                .body("violations[0].field", equalTo("includeRevoked"));
        given().header("Authorization", TestCredentials.APP).queryParam("telegramUserId", 888002L)
                .get("/v1/bindings").then().body("items", hasSize(0));
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertTrue(metrics.contains("ingress_telegram_pairings_total{outcome=\"pairing_code_expired\"}"));
    }

    @Test
    void bindingsAreCreatedListedAndRevokedSoftlyWithAnAuditTrail() throws Exception {
        String user = "usr_" + UUID.randomUUID();
        String first = given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON)
                .body(Map.of("consumerUserId", user, "agentKey", AGENT, "telegramUserId", 999001L))
                .post("/v1/bindings").then().statusCode(201).body("botIdentity", equalTo(BOT))
                .body("source", equalTo("api")).body("active", equalTo(true))
                .body("conversationId", equalTo(ConversationIds.forUserAgent(user, AGENT))).extract().path("id");
        // binding the same Telegram user again supersedes the first binding
        String second = given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON)
                .body(Map.of("consumerUserId", user, "agentKey", AGENT, "telegramUserId", 999001L))
                .post("/v1/bindings").then().statusCode(201).extract().path("id");
        given().header("Authorization", TestCredentials.APP).get("/v1/bindings/" + first).then().statusCode(200)
                .body("binding.active", equalTo(false)).body("binding.revokeReason", equalTo("superseded"))
                .body("audit.action", org.hamcrest.Matchers.contains("created", "revoked"));

        deliver(Updates.privateText(Updates.nextUpdateId(), 999001L, "bound")).statusCode(200)
                .body("conversationId", equalTo(ConversationIds.forUserAgent(user, AGENT)));

        given().header("Authorization", TestCredentials.APP).queryParam("reason", "user left")
                .delete("/v1/bindings/" + second).then().statusCode(200)
                .body("active", equalTo(false)).body("revokedBy", equalTo("app")).body("revokeReason", equalTo("user left"));
        given().header("Authorization", TestCredentials.APP).delete("/v1/bindings/" + second).then().statusCode(200)
                .body("revokeReason", equalTo("user left"));
        given().header("Authorization", TestCredentials.APP).delete("/v1/bindings/" + UUID.randomUUID()).then()
                .statusCode(404);
        given().header("Authorization", TestCredentials.APP).queryParam("consumerUserId", user).get("/v1/bindings")
                .then().body("items", hasSize(0));
        given().header("Authorization", TestCredentials.APP).queryParam("consumerUserId", user)
                .queryParam("includeRevoked", true).get("/v1/bindings").then().body("items", hasSize(2));
        try (Connection db = LocalInfra.connect(database());
             PreparedStatement st = db.prepareStatement("SELECT count(*) FROM ingress.binding_audit WHERE binding_id = ?::uuid")) {
            st.setString(1, second);
            ResultSet rows = st.executeQuery();
            rows.next();
            assertEquals(2, rows.getInt(1), "created + one revocation (the repeated DELETE adds nothing)");
        }
        // revoked: the sender is unbound again and talks on the chat's conversation
        deliver(Updates.privateText(Updates.nextUpdateId(), 999001L, "unbound")).statusCode(200)
                .body("conversationId", equalTo("tg:" + BOT + ":chat:999001"));

        given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON)
                .body(Map.of("consumerUserId", user, "agentKey", "botless-agent", "telegramUserId", 1L))
                .post("/v1/bindings").then().statusCode(409);
        given().header("Authorization", TestCredentials.APP).contentType(ContentType.JSON)
                .body(Map.of("agentKey", AGENT)).post("/v1/bindings").then().statusCode(400)
                .body("violations", hasSize(2));
    }

    static String database() {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
