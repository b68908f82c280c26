package dev.agentfactory.ingress.pairing;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.ZoneOffset;
import java.util.UUID;

/** SQL for pairing codes ({@code ingress.pairing_codes}). */
@ApplicationScoped
public class PairingStore {

    private final Pool pool;

    public PairingStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<PairingCode> insert(PairingCode code) {
        return pool.preparedQuery("INSERT INTO ingress.pairing_codes (code, bot_identity, agent_key,"
                        + " consumer_user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING "
                        + PairingCode.COLUMNS)
                .execute(Tuple.tuple().addString(code.code()).addString(code.botIdentity())
                        .addString(code.agentKey()).addString(code.consumerUserId())
                        .addOffsetDateTime(code.createdAt().atOffset(ZoneOffset.UTC))
                        .addOffsetDateTime(code.expiresAt().atOffset(ZoneOffset.UTC)))
                .map(PairingStore::first);
    }

    public Uni<PairingCode> find(String code) {
        return pool.preparedQuery("SELECT " + PairingCode.COLUMNS + " FROM ingress.pairing_codes WHERE code = $1")
                .execute(Tuple.of(code)).map(PairingStore::first);
    }

    /** Atomically marks a pending, unexpired code of this bot consumed; null when it is not such a code. */
    public Uni<PairingCode> consume(SqlClient tx, String code, String botIdentity, long telegramUserId, long chatId) {
        return tx.preparedQuery("UPDATE ingress.pairing_codes SET consumed_at = now(), telegram_user_id = $3,"
                        + " telegram_chat_id = $4 WHERE code = $1 AND bot_identity = $2 AND consumed_at IS NULL"
                        + " AND expires_at > now() RETURNING " + PairingCode.COLUMNS)
                .execute(Tuple.of(code, botIdentity, telegramUserId, chatId)).map(PairingStore::first);
    }

    public Uni<Void> linkBinding(SqlClient tx, String code, UUID bindingId) {
        return tx.preparedQuery("UPDATE ingress.pairing_codes SET binding_id = $2 WHERE code = $1")
                .execute(Tuple.of(code, bindingId)).replaceWithVoid();
    }

    private static PairingCode first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? PairingCode.from(it.next()) : null;
    }
}
