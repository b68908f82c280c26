package dev.agentfactory.ingress.binding;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL for bindings and their audit trail ({@code ingress.bindings}, {@code ingress.binding_audit}). */
@ApplicationScoped
public class BindingStore {

    private static final String SELECT = "SELECT " + Binding.COLUMNS + " FROM ingress.bindings";

    private final Pool pool;

    public BindingStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<Binding> findActive(String botIdentity, long telegramUserId) {
        return pool.preparedQuery(SELECT + " WHERE bot_identity = $1 AND telegram_user_id = $2 AND revoked_at IS NULL")
                .execute(Tuple.of(botIdentity, telegramUserId)).map(BindingStore::first);
    }

    public Uni<Binding> find(UUID id) {
        return pool.preparedQuery(SELECT + " WHERE id = $1").execute(Tuple.of(id)).map(BindingStore::first);
    }

    public Uni<List<Binding>> list(BindingFilter filter) {
        StringBuilder sql = new StringBuilder(SELECT + " WHERE true");
        Tuple args = Tuple.tuple();
        if (filter.consumerUserId() != null) {
            args.addString(filter.consumerUserId());
            sql.append(" AND consumer_user_id = $").append(args.size());
        }
        if (filter.agentKey() != null) {
            args.addString(filter.agentKey());
            sql.append(" AND agent_key = $").append(args.size());
        }
        if (filter.botIdentity() != null) {
            args.addString(filter.botIdentity());
            sql.append(" AND bot_identity = $").append(args.size());
        }
        if (filter.telegramUserId() != null) {
            args.addLong(filter.telegramUserId());
            sql.append(" AND telegram_user_id = $").append(args.size());
        }
        if (!filter.includeRevoked()) {
            sql.append(" AND revoked_at IS NULL");
        }
        args.addInteger(filter.limit());
        sql.append(" ORDER BY created_at DESC, id LIMIT $").append(args.size());
        return pool.preparedQuery(sql.toString()).execute(args).map(BindingStore::all);
    }

    /** Binds, first revoking (with audit) any active binding of the same Telegram user of the same bot. */
    public Uni<Binding> bind(SqlClient tx, Binding binding, String actor) {
        return tx.preparedQuery("UPDATE ingress.bindings SET revoked_at = now(), revoked_by = $3,"
                        + " revoke_reason = 'superseded' WHERE bot_identity = $1 AND telegram_user_id = $2"
                        + " AND revoked_at IS NULL RETURNING id")
                .execute(Tuple.of(binding.botIdentity(), binding.telegramUserId(), actor))
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(row -> audit(tx, row.getUUID("id"), "revoked", actor, "superseded"))
                .collect().last()
                .flatMap(ignored -> tx.preparedQuery("INSERT INTO ingress.bindings (id, consumer_user_id, agent_key,"
                                + " bot_identity, telegram_user_id, telegram_chat_id, source, created_at)"
                                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING " + Binding.COLUMNS)
                        .execute(Tuple.tuple().addUUID(binding.id()).addString(binding.consumerUserId())
                                .addString(binding.agentKey()).addString(binding.botIdentity())
                                .addLong(binding.telegramUserId()).addLong(binding.telegramChatId())
                                .addString(binding.source())
                                .addOffsetDateTime(binding.createdAt().atOffset(ZoneOffset.UTC))))
                .map(BindingStore::first)
                .call(created -> audit(tx, created.id(), "created", actor, binding.source()));
    }

    /** Soft revocation; null when there is no such binding, unchanged when it was revoked already. */
    public Uni<Binding> revoke(UUID id, String actor, String reason) {
        return pool.withTransaction(tx -> tx.preparedQuery("UPDATE ingress.bindings SET revoked_at = now(),"
                        + " revoked_by = $2, revoke_reason = $3 WHERE id = $1 AND revoked_at IS NULL RETURNING "
                        + Binding.COLUMNS)
                .execute(Tuple.of(id, actor, reason)).map(BindingStore::first)
                .call(revoked -> revoked == null ? Uni.createFrom().voidItem()
                        : audit(tx, id, "revoked", actor, reason)))
                .flatMap(revoked -> revoked != null ? Uni.createFrom().item(revoked) : find(id));
    }

    public Uni<List<AuditEntry>> audit(UUID bindingId) {
        return pool.preparedQuery("SELECT action, actor, reason, at FROM ingress.binding_audit"
                        + " WHERE binding_id = $1 ORDER BY id")
                .execute(Tuple.of(bindingId)).map(rows -> {
                    List<AuditEntry> entries = new ArrayList<>();
                    for (Row row : rows) {
                        entries.add(new AuditEntry(row.getString("action"), row.getString("actor"),
                                row.getString("reason"), row.getOffsetDateTime("at").toInstant()));
                    }
                    return entries;
                });
    }

    private static Uni<Void> audit(SqlClient tx, UUID bindingId, String action, String actor, String reason) {
        return tx.preparedQuery("INSERT INTO ingress.binding_audit (binding_id, action, actor, reason)"
                        + " VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(bindingId, action, actor, reason)).replaceWithVoid();
    }

    private static Binding first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Binding.from(it.next()) : null;
    }

    private static List<Binding> all(RowSet<Row> rows) {
        List<Binding> bindings = new ArrayList<>();
        rows.forEach(row -> bindings.add(Binding.from(row)));
        return bindings;
    }

    /** One line of a binding's history. */
    public record AuditEntry(String action, String actor, String reason, Instant at) {
    }
}
