package dev.agentfactory.ingress;

import java.util.concurrent.atomic.AtomicLong;

/** Telegram Update JSON in the shapes the Bot API really sends. */
public final class Updates {

    private static final AtomicLong NEXT_UPDATE = new AtomicLong(700_000_000L + (System.nanoTime() % 1_000_000L) * 100);

    private Updates() {
    }

    public static long nextUpdateId() {
        return NEXT_UPDATE.incrementAndGet();
    }

    public static String privateText(long updateId, long userId, String text) {
        return """
                {"update_id": %d,
                 "message": {"message_id": 4411, "date": 1748938442,
                   "from": {"id": %d, "is_bot": false, "first_name": "Ada", "username": "ada", "language_code": "en"},
                   "chat": {"id": %d, "first_name": "Ada", "username": "ada", "type": "private"},
                   "text": %s}}
                """.formatted(updateId, userId, userId, quote(text));
    }

    public static String command(long updateId, long userId, long chatId, String chatType, String text) {
        return """
                {"update_id": %d,
                 "message": {"message_id": 17, "date": 1748938442,
                   "from": {"id": %d, "is_bot": false, "first_name": "Ada"},
                   "chat": {"id": %d, "title": "Team", "type": "%s"},
                   "text": %s,
                   "entities": [{"type": "bot_command", "offset": 0, "length": %d}]}}
                """.formatted(updateId, userId, chatId, chatType, quote(text), text.split(" ")[0].length());
    }

    public static String photoWithCaption(long updateId, long userId, String caption) {
        return """
                {"update_id": %d,
                 "message": {"message_id": 4412, "date": 1748938450,
                   "from": {"id": %d, "is_bot": false, "first_name": "Ada"},
                   "chat": {"id": %d, "first_name": "Ada", "type": "private"},
                   "photo": [
                     {"file_id": "AgACAgQ-small", "file_unique_id": "AQADs", "file_size": 1310, "width": 90, "height": 68},
                     {"file_id": "AgACAgQ-medium", "file_unique_id": "AQADm", "file_size": 18012, "width": 320, "height": 240},
                     {"file_id": "AgACAgQ-large", "file_unique_id": "AQADl", "file_size": 84213, "width": 1280, "height": 960}],
                   "caption": %s,
                   "document": {"file_name": "invoice.pdf", "mime_type": "application/pdf",
                     "file_id": "BQACAgQ-doc", "file_unique_id": "AgADdoc", "file_size": 53211}}}
                """.formatted(updateId, userId, userId, quote(caption));
    }

    public static String editedText(long updateId, long userId, String text) {
        return """
                {"update_id": %d,
                 "edited_message": {"message_id": 4411, "date": 1748938442, "edit_date": 1748938499,
                   "from": {"id": %d, "is_bot": false, "first_name": "Ada"},
                   "chat": {"id": %d, "first_name": "Ada", "type": "private"},
                   "text": %s}}
                """.formatted(updateId, userId, userId, quote(text));
    }

    public static String callbackQuery(long updateId, long userId, String data) {
        return """
                {"update_id": %d,
                 "callback_query": {"id": "4382bfdwdsb323b2d9", "chat_instance": "-81723612",
                   "from": {"id": %d, "is_bot": false, "first_name": "Ada"},
                   "message": {"message_id": 4413, "date": 1748938460,
                     "from": {"id": 6123456789, "is_bot": true, "first_name": "Support", "username": "acme_bot"},
                     "chat": {"id": %d, "type": "private"}, "text": "Pick one"},
                   "data": %s}}
                """.formatted(updateId, userId, userId, quote(data));
    }

    public static String myChatMember(long updateId, long userId) {
        return """
                {"update_id": %d,
                 "my_chat_member": {"chat": {"id": %d, "type": "private"},
                   "from": {"id": %d, "is_bot": false, "first_name": "Ada"}, "date": 1748938470,
                   "old_chat_member": {"user": {"id": 1, "is_bot": true, "first_name": "b"}, "status": "member"},
                   "new_chat_member": {"user": {"id": 1, "is_bot": true, "first_name": "b"}, "status": "kicked",
                     "until_date": 0}}}
                """.formatted(updateId, userId, userId);
    }

    private static String quote(String text) {
        return dev.agentfactory.platform.event.Json.write(text);
    }
}
