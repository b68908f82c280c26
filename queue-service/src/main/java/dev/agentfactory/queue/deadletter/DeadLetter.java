package dev.agentfactory.queue.deadletter;

import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;

/** A dead-lettered message as listed to operators. */
public record DeadLetter(long seq, String messageId, String conversationId, String workspaceId, String agentKey,
                         int attempt, String error, Instant deadAt) {

    static DeadLetter from(Row row) {
        var at = row.getOffsetDateTime("finished_at");
        return new DeadLetter(row.getLong("seq"), row.getString("message_id"), row.getString("conversation_id"),
                row.getString("workspace_id"), row.getString("agent_key"), row.getInteger("attempt"),
                row.getString("last_error"), at == null ? null : at.toInstant());
    }
}
