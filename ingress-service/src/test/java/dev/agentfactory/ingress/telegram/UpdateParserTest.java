package dev.agentfactory.ingress.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.ingress.Updates;
import dev.agentfactory.platform.event.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpdateParserTest {

    private static ParsedUpdate parse(String json) {
        return UpdateParser.parse(Json.read(json, JsonNode.class));
    }

    @Test
    void aGroupMessageKeepsSignedChatIdsAndTheSender() {
        ParsedUpdate update = parse(Updates.command(10, 77, -1001234567890L, "supergroup", "/start@bot abc"));
        assertFalse(update.isIgnored());
        assertEquals(-1001234567890L, update.chatId());
        assertEquals("supergroup", update.chatType());
        assertEquals(77L, update.userId());
        assertEquals("/start@bot abc", update.text());
    }

    @Test
    void theLargestPhotoSizeAndOtherMediaBecomeAttachments() {
        ParsedUpdate update = parse(Updates.photoWithCaption(11, 5, "cap"));
        assertEquals(2, update.attachments().size());
        assertEquals("AgACAgQ-large", update.attachments().get(0).fileId());
        assertEquals("document", update.attachments().get(1).type());
        assertEquals("cap", update.text());
    }

    @Test
    void unsupportedOrEmptyUpdatesAreIgnoredByKind() {
        assertEquals("my_chat_member", parse(Updates.myChatMember(12, 5)).ignoredKind());
        assertEquals("channel_post", parse("{\"update_id\":13,\"channel_post\":{\"message_id\":1,\"chat\":{\"id\":-1,\"type\":\"channel\"},\"text\":\"x\"}}").ignoredKind());
        assertEquals("message_without_content", parse("{\"update_id\":14,\"message\":{\"message_id\":1,\"chat\":{\"id\":1,\"type\":\"private\"},\"sticker\":{\"file_id\":\"s\"}}}").ignoredKind());
        assertNull(parse("{\"message\":{}}"));
        assertNull(parse("{\"update_id\":\"12\"}"));
    }

    @Test
    void aNulCharacterBecomesTheReplacementCharacterSoTheUpdateIsStillDelivered() {
        ParsedUpdate update = UpdateParser.parse(Json.read(
                "{\"update_id\": 7, \"callback_query\": {\"id\": \"q\\u0000\", \"data\": \"d\\u0000\","
                        + " \"from\": {\"id\": 5}, \"message\": {\"message_id\": 3, \"chat\": {\"id\": 5, \"type\": \"private\"}}}}",
                JsonNode.class));
        assertEquals("q\uFFFD", update.callbackQueryId());
        assertEquals("d\uFFFD", update.callbackData());
        ParsedUpdate text = UpdateParser.parse(Json.read("{\"update_id\": 8, \"message\": {\"message_id\": 1,"
                + " \"chat\": {\"id\": 5, \"type\": \"private\"}, \"caption\": \"a\\u0000b\","
                + " \"document\": {\"file_id\": \"f\\u0000\"}}}", JsonNode.class));
        assertEquals("a\uFFFDb", text.text());
        assertEquals("f\uFFFD", text.attachments().get(0).fileId());
    }

    @Test
    void overlongTextIsCutToTheContractLimit() {
        ParsedUpdate update = parse(Updates.privateText(15, 5, "x".repeat(5000)));
        assertEquals(UpdateParser.MAX_TEXT, update.text().length());
    }

    @Test
    void startCommandsAreRecognisedWithAndWithoutTheBotName() {
        assertEquals("abc_-1", StartCommand.parse("/start abc_-1", "my_bot").orElseThrow().payload());
        assertEquals("abc", StartCommand.parse("/start@My_Bot  abc ", "my_bot").orElseThrow().payload());
        assertTrue(StartCommand.parse("/start@other_bot abc", "my_bot").orElseThrow().otherBot());
        assertNull(StartCommand.parse("/start", "my_bot").orElseThrow().payload());
        assertEquals("bad!code", StartCommand.parse("/start bad!code", "my_bot").orElseThrow().payload());
        assertTrue(StartCommand.parse("/started", "my_bot").isEmpty());
        assertTrue(StartCommand.parse("hello /start x", "my_bot").isEmpty());
    }
}
