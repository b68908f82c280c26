package dev.agentfactory.ingress.pairing;

import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A one-time pairing code of one bot, and what became of it. */
public record PairingCode(String code, String botIdentity, String agentKey, String consumerUserId,
                          Instant createdAt, Instant expiresAt, Instant consumedAt, Long telegramUserId,
                          Long telegramChatId, UUID bindingId) {

    static final String COLUMNS = "code, bot_identity, agent_key, consumer_user_id, created_at, expires_at,"
            + " consumed_at, telegram_user_id, telegram_chat_id, binding_id";

    /** pending, consumed or expired. */
    public String status() {
        if (consumedAt != null) {
            return "consumed";
        }
        return expiresAt.isAfter(Instant.now()) ? "pending" : "expired";
    }

    /** The Telegram deep link that sends {@code /start <code>} to the bot. */
    public String deepLink() {
        return "https://t.me/" + botIdentity + "?start=" + code;
    }

    static PairingCode from(Row row) {
        return new PairingCode(row.getString("code"), row.getString("bot_identity"), row.getString("agent_key"),
                row.getString("consumer_user_id"), instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("expires_at")), instant(row.getOffsetDateTime("consumed_at")),
                row.getLong("telegram_user_id"), row.getLong("telegram_chat_id"), row.getUUID("binding_id"));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
