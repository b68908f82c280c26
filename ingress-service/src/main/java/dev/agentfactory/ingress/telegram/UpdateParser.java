package dev.agentfactory.ingress.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.ingress.enqueue.MessageEnqueued.Attachment;
import dev.agentfactory.platform.event.NulText;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads a Telegram Update (see protocols/TELEGRAM-BOT-API.md): {@code message} and {@code edited_message}
 * with text, caption and attachment metadata, and {@code callback_query}; every other kind is ignored.
 */
public final class UpdateParser {

    static final int MAX_TEXT = 4096;
    private static final List<String> MEDIA = List.of("video", "audio", "voice", "document");

    private UpdateParser() {
    }

    /** Null when the update has no usable {@code update_id}. */
    public static ParsedUpdate parse(JsonNode update) {
        JsonNode id = update.path("update_id");
        if (!id.canConvertToLong() || !id.isIntegralNumber() || id.asLong() < 0) {
            return null;
        }
        long updateId = id.asLong();
        if (update.has("message")) {
            return message(updateId, "message", update.get("message"));
        }
        if (update.has("edited_message")) {
            return message(updateId, "edited_message", update.get("edited_message"));
        }
        if (update.has("callback_query")) {
            return callback(updateId, update.get("callback_query"));
        }
        return ParsedUpdate.ignored(updateId, kindOf(update));
    }

    private static ParsedUpdate message(long updateId, String kind, JsonNode message) {
        JsonNode chat = message.path("chat");
        if (!chat.path("id").isIntegralNumber()) {
            return ParsedUpdate.ignored(updateId, kind + "_without_chat");
        }
        String text = textOf(message);
        List<Attachment> attachments = attachments(message);
        if (text == null && attachments.isEmpty()) {
            return ParsedUpdate.ignored(updateId, kind + "_without_content");
        }
        return new ParsedUpdate(updateId, kind, null, chat.get("id").asLong(), textOrNull(chat.path("type")),
                longOrNull(message.path("from").path("id")), longOrNull(message.path("message_id")), text,
                null, null, attachments);
    }

    private static ParsedUpdate callback(long updateId, JsonNode query) {
        JsonNode from = query.path("from");
        JsonNode chat = query.path("message").path("chat");
        Long userId = longOrNull(from.path("id"));
        Long chatId = chat.path("id").isIntegralNumber() ? Long.valueOf(chat.get("id").asLong()) : userId;
        if (chatId == null || !query.path("id").isTextual()) {
            return ParsedUpdate.ignored(updateId, "callback_query_without_chat");
        }
        String data = query.path("data").isTextual() ? truncate(text(query.get("data")), 256) : null;
        return new ParsedUpdate(updateId, "callback_query", null, chatId,
                textOrNull(chat.path("type")), userId,
                longOrNull(query.path("message").path("message_id")), null, text(query.get("id")), data,
                List.of());
    }

    private static String textOf(JsonNode message) {
        JsonNode text = message.path("text").isTextual() ? message.get("text") : message.path("caption");
        return text.isTextual() ? truncate(text(text), MAX_TEXT) : null;
    }

    private static List<Attachment> attachments(JsonNode message) {
        List<Attachment> attachments = new ArrayList<>(1);
        JsonNode photo = message.path("photo");
        if (photo.isArray() && !photo.isEmpty()) {
            attachments.add(attachment("photo", largest(photo)));
        }
        for (String type : MEDIA) {
            JsonNode media = message.path(type);
            if (media.isObject() && media.path("file_id").isTextual()) {
                attachments.add(attachment(type, media));
            }
        }
        return attachments;
    }

    /** Telegram sends every size of a photo; the largest one is the photo. */
    private static JsonNode largest(JsonNode sizes) {
        JsonNode best = sizes.get(0);
        for (JsonNode size : sizes) {
            if (size.path("width").asLong() * size.path("height").asLong()
                    >= best.path("width").asLong() * best.path("height").asLong()) {
                best = size;
            }
        }
        return best;
    }

    private static Attachment attachment(String type, JsonNode media) {
        return new Attachment(type, text(media.path("file_id")), textOrNull(media.path("file_unique_id")),
                textOrNull(media.path("mime_type")), longOrNull(media.path("file_size")),
                textOrNull(media.path("file_name")), intOrNull(media.path("width")),
                intOrNull(media.path("height")), intOrNull(media.path("duration")));
    }

    private static String kindOf(JsonNode update) {
        Iterator<String> names = update.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!"update_id".equals(name)) {
                return name;
            }
        }
        return "empty";
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? text(node) : null;
    }

    /** Telegram's text as the queue can store it: a NUL becomes U+FFFD (refusing the update would lose it). */
    private static String text(JsonNode node) {
        return NulText.replaced(node.asText());
    }

    private static Long longOrNull(JsonNode node) {
        return node.isIntegralNumber() ? node.asLong() : null;
    }

    private static Integer intOrNull(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToInt() ? node.asInt() : null;
    }
}
