package dev.agentfactory.queue.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /v1/messages/{messageId}}: status, attempts and the lifecycle history from the event log. */
@Path("/v1/messages/{messageId}")
@Allowed({Role.ADMIN, Role.APP, Role.SERVICE})
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

    private static final String MESSAGE = "SELECT message_id, conversation_id, workspace_id, agent_key, priority,"
            + " status, attempt, available_at, enqueued_at, claimed_at, finished_at, worker_id, last_error"
            + " FROM queue.messages WHERE message_id = $1";
    private static final String HISTORY = "SELECT envelope::text AS envelope FROM queue.event_log"
            + " WHERE topic = 'af.queue.lifecycle.v1' AND (envelope -> 'data' ->> 'messageId') = $1 ORDER BY id";

    private final Pool pool;

    public MessageResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    public Uni<MessageView> get(@PathParam("messageId") String messageId) {
        return pool.preparedQuery(MESSAGE).execute(Tuple.of(messageId)).chain(rows -> {
            if (rows.size() == 0) {
                throw ProblemException.notFound("no message " + messageId);
            }
            Row row = rows.iterator().next();
            return pool.preparedQuery(HISTORY).execute(Tuple.of(messageId)).map(events -> {
                List<MessageView.HistoryEntry> history = new ArrayList<>();
                for (Row event : events) {
                    JsonNode envelope = Json.read(event.getString("envelope"), JsonNode.class);
                    history.add(new MessageView.HistoryEntry(envelope.path("type").asText(),
                            Instant.parse(envelope.path("occurredAt").asText()), envelope.path("data")));
                }
                return new MessageView(row.getString("message_id"), row.getString("conversation_id"),
                        row.getString("workspace_id"), row.getString("agent_key"), row.getShort("priority"),
                        row.getString("status"), row.getInteger("attempt"), instant(row, "available_at"),
                        instant(row, "enqueued_at"), instant(row, "claimed_at"), instant(row, "finished_at"),
                        row.getString("worker_id"), row.getString("last_error"), history);
            });
        });
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
