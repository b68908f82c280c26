package dev.agentfactory.fakes.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.fakes.TestHttp;
import dev.agentfactory.fakes.TestHttp.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeTelegramBotApiTest {

    private static final String TOKEN = "123456:AAE-secret_token";
    private static final String OTHER = "777:other";

    private FakeTelegramBotApi fake;
    private TestHttp http;

    @BeforeEach
    void start() {
        fake = new FakeTelegramBotApi().start(0);
        fake.registerBot(TOKEN, "factory_bot");
        fake.registerBot(OTHER, 777, "other_bot");
        http = new TestHttp(fake.baseUrl());
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private Reply call(String token, String method, Object body) {
        return http.post("/bot" + token + "/" + method, body);
    }

    @Test
    void getMeReturnsTheBotIdentity() {
        Reply reply = http.get("/bot" + TOKEN + "/getMe");
        assertEquals(200, reply.status());
        assertTrue(reply.json().path("ok").asBoolean());
        JsonNode me = reply.json().path("result");
        assertEquals(123456, me.path("id").asLong());
        assertTrue(me.path("is_bot").asBoolean());
        assertEquals("factory_bot", me.path("username").asText());
        assertEquals("factory_bot", me.path("first_name").asText());
        assertTrue(me.path("can_join_groups").asBoolean());
    }

    @Test
    void unknownTokenIs401AndUnknownMethodIs404() {
        Reply unauthorized = http.get("/bot999:nope/getMe");
        assertEquals(401, unauthorized.status());
        assertEquals("{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}", unauthorized.raw().body());

        Reply notFound = http.get("/bot" + TOKEN + "/getSomethingElse");
        assertEquals(404, notFound.status());
        assertEquals("{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}", notFound.raw().body());
    }

    @Test
    void setWebhookStoresUrlAndSecretAndGetWebhookInfoReportsThem() {
        Reply set = call(TOKEN, "setWebhook", Map.of("url", "https://example.com/hook", "secret_token", "s3cr_t-X",
                "max_connections", 10, "allowed_updates", List.of("message", "callback_query")));
        assertEquals(200, set.status());
        assertTrue(set.json().path("result").asBoolean());
        assertEquals("Webhook was set", set.json().path("description").asText());
        assertEquals(new Webhook("https://example.com/hook", "s3cr_t-X", 10, List.of("message", "callback_query")),
                fake.webhookOf(TOKEN));
        assertFalse(fake.webhookOf(OTHER).isSet(), "other bots are untouched");

        JsonNode info = http.get("/bot" + TOKEN + "/getWebhookInfo").json().path("result");
        assertEquals("https://example.com/hook", info.path("url").asText());
        assertFalse(info.path("has_custom_certificate").asBoolean(true));
        assertEquals(0, info.path("pending_update_count").asInt(-1));
        assertEquals(10, info.path("max_connections").asInt());
        assertEquals(2, info.path("allowed_updates").size());
        assertTrue(info.path("last_error_date").isMissingNode());

        fake.reportWebhookError(TOKEN, "Wrong response from the webhook: 503 Service Unavailable");
        JsonNode failing = http.get("/bot" + TOKEN + "/getWebhookInfo").json().path("result");
        assertTrue(failing.path("last_error_date").asLong() > 0);
        assertEquals("Wrong response from the webhook: 503 Service Unavailable", failing.path("last_error_message").asText());
    }

    @Test
    void setWebhookAcceptsFormParameters() {
        Reply set = http.postForm("/bot" + TOKEN + "/setWebhook", "url=https%3A%2F%2Fexample.com%3A8443%2Fh&secret_token=abc");
        assertEquals(200, set.status());
        assertEquals("https://example.com:8443/h", fake.webhookOf(TOKEN).url());
        assertEquals("abc", fake.webhookOf(TOKEN).secretToken());
        assertEquals(40, fake.webhookOf(TOKEN).maxConnections());
    }

    @Test
    void setWebhookRejectsBadParametersAndKeepsTheOldWebhook() {
        call(TOKEN, "setWebhook", Map.of("url", "https://example.com/ok"));

        Reply badSecret = call(TOKEN, "setWebhook", Map.of("url", "https://example.com/x", "secret_token", "has space!"));
        assertEquals(400, badSecret.status());
        assertEquals("Bad Request: secret token contains unallowed characters", badSecret.json().path("description").asText());
        assertEquals(400, badSecret.json().path("error_code").asInt());

        assertEquals(400, call(TOKEN, "setWebhook", Map.of("url", "https://example.com/x", "secret_token", "a".repeat(257))).status());
        assertEquals(400, call(TOKEN, "setWebhook", Map.of("url", "http://example.com/x")).status());
        assertEquals(400, call(TOKEN, "setWebhook", Map.of("url", "https://example.com:9000/x")).status());
        assertEquals(400, call(TOKEN, "setWebhook", Map.of("url", "https://example.com/x", "max_connections", 101)).status());
        assertEquals(400, call(TOKEN, "setWebhook", Map.of("url", "https://example.com/x", "max_connections", 0)).status());
        assertEquals(200, call(TOKEN, "setWebhook", Map.of("url", "https://example.com/x", "secret_token", "a".repeat(256))).status());
        assertEquals("https://example.com/x", fake.webhookOf(TOKEN).url());
    }

    @Test
    void deleteWebhookAndEmptyUrlRemoveIt() {
        call(TOKEN, "setWebhook", Map.of("url", "https://example.com/hook"));
        Reply deleted = call(TOKEN, "deleteWebhook", Map.of("drop_pending_updates", true));
        assertEquals("Webhook was deleted", deleted.json().path("description").asText());
        assertEquals("", fake.webhookOf(TOKEN).url());
        assertEquals("", http.get("/bot" + TOKEN + "/getWebhookInfo").json().path("result").path("url").asText("x"));

        call(TOKEN, "setWebhook", Map.of("url", "https://example.com/hook"));
        call(TOKEN, "setWebhook", Map.of("url", ""));
        assertFalse(fake.webhookOf(TOKEN).isSet());
    }

    @Test
    void sendMessageNumbersMessagesPerChatAndRecordsThem() {
        Reply first = call(TOKEN, "sendMessage", Map.of("chat_id", 42, "text", "hello"));
        assertEquals(200, first.status());
        JsonNode message = first.json().path("result");
        assertEquals(1, message.path("message_id").asLong());
        assertEquals(42, message.path("chat").path("id").asLong());
        assertEquals("private", message.path("chat").path("type").asText());
        assertEquals(123456, message.path("from").path("id").asLong());
        assertTrue(message.path("from").path("is_bot").asBoolean());
        assertEquals("hello", message.path("text").asText());
        assertTrue(message.path("date").asLong() > 1_600_000_000L);

        assertEquals(2, call(TOKEN, "sendMessage", Map.of("chat_id", "42", "text", "again", "parse_mode", "HTML"))
                .json().path("result").path("message_id").asLong());
        Reply group = call(TOKEN, "sendMessage", Map.of("chat_id", -1001234567890L, "text", "to the group"));
        assertEquals(1, group.json().path("result").path("message_id").asLong());
        assertEquals("supergroup", group.json().path("result").path("chat").path("type").asText());

        List<SentMessage> sent = fake.sentMessages(42);
        assertEquals(List.of("hello", "again"), sent.stream().map(SentMessage::text).toList());
        assertEquals("HTML", sent.get(1).parseMode());
        assertEquals(123456, sent.get(0).botId());
        assertEquals(3, fake.sentMessages().size());

        Reply listed = http.get("/sent?chat_id=42");
        assertEquals(2, listed.json().size());
        assertEquals("again", listed.json().get(1).path("text").asText());
        assertEquals(3, http.get("/sent").json().size());
    }

    @Test
    void sendMessageValidatesChatAndText() {
        Reply empty = call(TOKEN, "sendMessage", Map.of("chat_id", 1, "text", ""));
        assertEquals(400, empty.status());
        assertEquals("Bad Request: message text is empty", empty.json().path("description").asText());

        Reply tooLong = call(TOKEN, "sendMessage", Map.of("chat_id", 1, "text", "x".repeat(4097)));
        assertEquals(400, tooLong.status());
        assertEquals("Bad Request: message is too long", tooLong.json().path("description").asText());

        Reply noChat = call(TOKEN, "sendMessage", Map.of("text", "hi"));
        assertEquals("Bad Request: chat_id is empty", noChat.json().path("description").asText());

        assertEquals(200, call(TOKEN, "sendMessage", Map.of("chat_id", 1, "text", "x".repeat(4096))).status());
        assertEquals(1, fake.sentMessages().size(), "rejected messages are not recorded");
    }

    @Test
    void floodControlAnswers429WithRetryAfterThenRecovers() {
        fake.floodControl(5L, 3, 2);
        for (int i = 0; i < 2; i++) {
            Reply limited = call(TOKEN, "sendMessage", Map.of("chat_id", 5, "text", "hi"));
            assertEquals(429, limited.status());
            assertEquals("3", limited.header("Retry-After"));
            assertEquals(429, limited.json().path("error_code").asInt());
            assertEquals(3, limited.json().path("parameters").path("retry_after").asInt());
            assertEquals("Too Many Requests: retry after 3", limited.json().path("description").asText());
        }
        assertEquals(200, call(TOKEN, "sendMessage", Map.of("chat_id", 6, "text", "other chat")).status());
        assertEquals(200, call(TOKEN, "sendMessage", Map.of("chat_id", 5, "text", "hi")).status());
        assertEquals(1, fake.sentMessages(5).size());
        assertEquals(1, fake.sentMessages(5).get(0).messageId());

        fake.floodControlAnyChat(1, 1);
        assertEquals(429, call(TOKEN, "sendMessage", Map.of("chat_id", 99, "text", "hi")).status());
        assertEquals(200, call(TOKEN, "sendMessage", Map.of("chat_id", 99, "text", "hi")).status());
    }

    @Test
    void adminEndpointsRegisterBotsAndInjectFloodControl() {
        assertEquals(200, http.get("/health").status());
        assertEquals(204, http.post("/_bots", Map.of("token", "555:abc", "username", "late_bot")).status());
        assertEquals("late_bot", http.get("/bot555:abc/getMe").json().path("result").path("username").asText());
        assertEquals(204, http.post("/_flood", Map.of("chat_id", 8, "retry_after", 2, "count", 1)).status());
        assertEquals(429, call("555:abc", "sendMessage", Map.of("chat_id", 8, "text", "x")).status());
        assertNull(fake.webhookOf("555:abc").secretToken());
    }
}
