package dev.agentfactory.ingress.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.ingress.CatalogFixture;
import dev.agentfactory.ingress.Updates;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.testing.Contracts;
import dev.agentfactory.platform.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class TelegramWebhookTest {

    static final String AGENT = "support-en";
    static final String BOT = "acme_support_bot";
    static final String SECRET = "s3cret_" + UUID.randomUUID().toString().replace("-", "");
    static final Duration WAIT = Duration.ofSeconds(20);
    private static boolean seeded;

    @BeforeEach
    void seedCatalog() {
        if (!seeded) {
            CatalogFixture.agent(AGENT, 1, true, BOT, SECRET);
            seeded = true;
        }
    }

    static ValidatableResponse deliver(String secret, String update) {
        var request = given().contentType(ContentType.JSON).body(update);
        if (secret != null) {
            request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        return request.post("/telegram/webhook").then();
    }

    @Test
    void privateTextIsAnsweredAfterTheAckAndMatchesTheContract() {
        long update = Updates.nextUpdateId();
        String messageId = "tg:" + BOT + ":" + update;
        deliver(SECRET, Updates.privateText(update, 184467221L, "Hi! Why was I charged twice?"))
                .statusCode(200).body("ok", equalTo(true)).body("messageId", equalTo(messageId));
        try (TopicProbe probe = new TopicProbe(Topics.MESSAGES_ENQUEUED)) {
            JsonNode event = probe.await(TopicProbe.ofType("message.enqueued", "messageId", messageId), WAIT);
            Contracts.assertValid(Json.write(event));
            JsonNode data = event.get("data");
            assertEquals("tg:" + BOT + ":chat:184467221", data.get("conversationId").asText());
            assertEquals(data.get("conversationId").asText(), event.get("subject").asText());
            assertEquals(AGENT, data.get("agentKey").asText());
            assertEquals("telegram", data.get("origin").asText());
            assertEquals("message", data.at("/payload/kind").asText());
            assertEquals("Hi! Why was I charged twice?", data.at("/payload/text").asText());
            assertEquals(update, data.at("/payload/telegram/updateId").asLong());
            assertEquals("private", data.at("/payload/telegram/chatType").asText());
            assertEquals(184467221L, data.at("/payload/telegram/userId").asLong());
            ConsumerRecord<String, String> record = recordOf(probe, messageId);
            assertEquals(data.get("conversationId").asText(), record.key());
        }
    }

    @Test
    void photoWithCaptionCarriesAttachmentMetadata() {
        long update = Updates.nextUpdateId();
        String messageId = "tg:" + BOT + ":" + update;
        deliver(SECRET, Updates.photoWithCaption(update, 5550001L, "this invoice")).statusCode(200);
        try (TopicProbe probe = new TopicProbe(Topics.MESSAGES_ENQUEUED)) {
            JsonNode event = probe.await(TopicProbe.ofType("message.enqueued", "messageId", messageId), WAIT);
            Contracts.assertValid(Json.write(event));
            JsonNode telegram = event.at("/data/payload/telegram");
            assertEquals("this invoice", event.at("/data/payload/text").asText());
            assertEquals(2, telegram.get("attachments").size());
            JsonNode photo = telegram.at("/attachments/0");
            assertEquals("photo", photo.get("type").asText());
            assertEquals("AgACAgQ-large", photo.get("fileId").asText(), "the largest size is the photo");
            assertEquals(1280, photo.get("width").asInt());
            assertEquals(84213, photo.get("fileSize").asLong());
            JsonNode document = telegram.at("/attachments/1");
            assertEquals("document", document.get("type").asText());
            assertEquals("invoice.pdf", document.get("fileName").asText());
            assertEquals("application/pdf", document.get("mimeType").asText());
        }
    }

    @Test
    void editedMessagesAndCallbackQueriesAreEnqueuedWithTheirKind() {
        long edited = Updates.nextUpdateId();
        long callback = Updates.nextUpdateId();
        deliver(SECRET, Updates.editedText(edited, 5550002L, "fixed typo")).statusCode(200);
        deliver(SECRET, Updates.callbackQuery(callback, 5550002L, "plan:pro")).statusCode(200);
        try (TopicProbe probe = new TopicProbe(Topics.MESSAGES_ENQUEUED)) {
            JsonNode e = probe.await(TopicProbe.ofType("message.enqueued", "messageId", "tg:" + BOT + ":" + edited), WAIT);
            Contracts.assertValid(Json.write(e));
            assertEquals("edited_message", e.at("/data/payload/kind").asText());
            assertEquals("fixed typo", e.at("/data/payload/text").asText());
            JsonNode c = probe.await(TopicProbe.ofType("message.enqueued", "messageId", "tg:" + BOT + ":" + callback), WAIT);
            Contracts.assertValid(Json.write(c));
            assertEquals("callback_query", c.at("/data/payload/kind").asText());
            assertEquals("4382bfdwdsb323b2d9", c.at("/data/payload/telegram/callbackQueryId").asText());
            assertEquals("plan:pro", c.at("/data/payload/telegram/callbackData").asText());
            assertEquals(4413, c.at("/data/payload/telegram/messageId").asLong());
            assertEquals("tg:" + BOT + ":chat:5550002", c.at("/data/conversationId").asText());
        }
    }

    @Test
    void aRedeliveredUpdateIsPublishedOnce() {
        long update = Updates.nextUpdateId();
        String messageId = "tg:" + BOT + ":" + update;
        String body = Updates.privateText(update, 5550003L, "once");
        deliver(SECRET, body).statusCode(200).body("messageId", equalTo(messageId));
        deliver(SECRET, body).statusCode(200).body("duplicate", equalTo(true)).body("messageId", equalTo(messageId));
        deliver(SECRET, body).statusCode(200).body("duplicate", equalTo(true));
        long sentinel = sentinel();
        try (TopicProbe probe = new TopicProbe(Topics.MESSAGES_ENQUEUED)) {
            probe.await(TopicProbe.ofType("message.enqueued", "messageId", "tg:" + BOT + ":" + sentinel), WAIT);
            assertEquals(1, count(probe.drain(Duration.ofMillis(500)), messageId));
        }
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("ingress_telegram_duplicates_dropped_total"));
    }

    @Test
    void aWrongOrMissingSecretIs401AndNothingIsEnqueued() {
        long wrong = Updates.nextUpdateId();
        long missing = Updates.nextUpdateId();
        deliver("not-the-secret", Updates.privateText(wrong, 5550004L, "x")).statusCode(401)
                .contentType("application/problem+json");
        deliver(null, Updates.privateText(missing, 5550004L, "x")).statusCode(401);
        deliver("", Updates.privateText(missing, 5550004L, "x")).statusCode(401);
        assertNothingPublishedFor(wrong, missing);
    }

    @Test
    void anUnknownBotIs401() {
        String otherSecret = "other_" + UUID.randomUUID().toString().replace("-", "");
        CatalogFixture.agent("gone-agent", 3, true, "gone_bot", otherSecret);
        long before = Updates.nextUpdateId();
        deliver(otherSecret, Updates.privateText(before, 5550005L, "hello")).statusCode(200);
        CatalogFixture.deleted("gone-agent");
        long after = Updates.nextUpdateId();
        deliver(otherSecret, Updates.privateText(after, 5550005L, "hello")).statusCode(401);
        deliver("never_registered_secret", Updates.privateText(after, 5550005L, "hello")).statusCode(401);
        try (TopicProbe probe = new TopicProbe(Topics.MESSAGES_ENQUEUED)) {
            probe.await(TopicProbe.ofType("message.enqueued", "messageId", "tg:gone_bot:" + before), WAIT);
            List<ConsumerRecord<String, String>> seen = probe.drain(Duration.ofMillis(500));
            assertEquals(0, count(seen, "tg:gone_bot:" + after));
        }
    }

    @Test
    void unsupportedKindsAreAnswered200IgnoredAndCounted() {
        long member = Updates.nextUpdateId();
        long otherBot = Updates.nextUpdateId();
        deliver(SECRET, Updates.myChatMember(member, 5550006L)).statusCode(200)
                .body("ok", equalTo(true)).body("ignored", equalTo("my_chat_member"));
        deliver(SECRET, Updates.command(otherBot, 5550006L, -100200300L, "group", "/start@someone_else_bot abc"))
                .statusCode(200).body("ignored", equalTo("command_for_other_bot"));
        assertNothingPublishedFor(member, otherBot);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("ingress_telegram_updates_ignored_total{kind=\"my_chat_member\"}"), metrics);
        assertTrue(metrics.contains("ingress_telegram_updates_ignored_total{kind=\"command_for_other_bot\"}"));
        assertTrue(metrics.contains("ingress_telegram_unbound_senders_total{outcome=\"routed\"}"));
    }

    /** Sends a good update and returns its id: once it is on the topic, anything sent before it would be too. */
    static long sentinel() {
        long update = Updates.nextUpdateId();
        deliver(SECRET, Updates.privateText(update, 5559999L, "sentinel")).statusCode(200);
        return update;
    }

    static void assertNothingPublishedFor(long... updateIds) {
        long sentinel = sentinel();
        try (TopicProbe probe = new TopicProbe(Topics.MESSAGES_ENQUEUED)) {
            probe.await(TopicProbe.ofType("message.enqueued", "messageId", "tg:" + BOT + ":" + sentinel), WAIT);
            List<ConsumerRecord<String, String>> seen = probe.drain(Duration.ofMillis(500));
            for (long updateId : updateIds) {
                assertEquals(0, count(seen, "tg:" + BOT + ":" + updateId), "update " + updateId + " was published");
            }
            assertFalse(seen.isEmpty());
        }
    }

    static long count(List<ConsumerRecord<String, String>> records, String messageId) {
        return records.stream().filter(r -> messageId.equals(
                Json.read(r.value(), JsonNode.class).at("/data/messageId").asText())).count();
    }

    private static ConsumerRecord<String, String> recordOf(TopicProbe probe, String messageId) {
        return probe.drain(Duration.ZERO).stream().filter(r -> r.value().contains("\"" + messageId + "\""))
                .findFirst().orElseThrow();
    }
}
