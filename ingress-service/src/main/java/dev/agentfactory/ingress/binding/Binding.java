package dev.agentfactory.ingress.binding;

import dev.agentfactory.ingress.conversation.ConversationIds;
import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An identity binding: a consumer user's agent reached through one Telegram user of one bot. */
public record Binding(UUID id, String consumerUserId, String agentKey, String botIdentity, long telegramUserId,
                      Long telegramChatId, String source, Instant createdAt, Instant revokedAt, String revokedBy,
                      String revokeReason) {

    public static final String COLUMNS = "id, consumer_user_id, agent_key, bot_identity, telegram_user_id,"
            + " telegram_chat_id, source, created_at, revoked_at, revoked_by, revoke_reason";

    public boolean active() {
        return revokedAt == null;
    }

    /** The stable conversation of this user and agent (independent of the Telegram account). */
    public String conversationId() {
        return ConversationIds.forUserAgent(consumerUserId, agentKey);
    }

    static Binding from(Row row) {
        return new Binding(row.getUUID("id"), row.getString("consumer_user_id"), row.getString("agent_key"),
                row.getString("bot_identity"), row.getLong("telegram_user_id"), row.getLong("telegram_chat_id"),
                row.getString("source"), instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("revoked_at")), row.getString("revoked_by"),
                row.getString("revoke_reason"));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
