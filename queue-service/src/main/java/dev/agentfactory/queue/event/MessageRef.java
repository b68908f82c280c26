package dev.agentfactory.queue.event;

import io.vertx.mutiny.sqlclient.Row;

/** Identity of a message as every lifecycle event names it. */
public record MessageRef(String messageId, String conversationId, String workspaceId, String agentKey, int attempt) {

    /** Reads the columns message_id, conversation_id, workspace_id, agent_key, attempt. */
    public static MessageRef from(Row row) {
        return new MessageRef(row.getString("message_id"), row.getString("conversation_id"),
                row.getString("workspace_id"), row.getString("agent_key"), row.getInteger("attempt"));
    }
}
