package dev.agentfactory.scheduler.push;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.scheduler.fleet.WorkerStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** SQL of push jobs and their dispatch audit. */
@ApplicationScoped
public class PushJobStore {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final String COLUMNS = "job_id, agent_key, workspace_id, conversation_id, consumer_user_id, text,"
            + " data::text AS data, slot_time, time_zone, weekdays, days_of_month, enabled, created_at, updated_at";

    public record Dispatch(String jobId, String agentKey, Instant slotAt, String messageId, String conversationId,
                           String trigger, Instant dispatchedAt) {
    }

    public Uni<Void> upsert(SqlClient client, PushJob job) {
        return client.preparedQuery("INSERT INTO scheduler.push_jobs (job_id, agent_key, workspace_id, conversation_id,"
                        + " consumer_user_id, text, data, slot_time, time_zone, weekdays, days_of_month, enabled, created_at, updated_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9, $10, $11, $12, $13, $14)"
                        + " ON CONFLICT (job_id) DO UPDATE SET agent_key = EXCLUDED.agent_key, workspace_id = EXCLUDED.workspace_id,"
                        + " conversation_id = EXCLUDED.conversation_id, consumer_user_id = EXCLUDED.consumer_user_id,"
                        + " text = EXCLUDED.text, data = EXCLUDED.data, slot_time = EXCLUDED.slot_time,"
                        + " time_zone = EXCLUDED.time_zone, weekdays = EXCLUDED.weekdays, days_of_month = EXCLUDED.days_of_month,"
                        + " enabled = EXCLUDED.enabled, updated_at = EXCLUDED.updated_at")
                .execute(Tuple.from(new Object[]{job.jobId(), job.agentKey(), job.workspaceId(), job.conversationId(),
                        job.consumerUserId(), job.text(), job.data() == null ? null : Json.write(job.data()),
                        job.schedule().time(), job.schedule().timeZone(),
                        job.schedule().weekdays().toArray(Integer[]::new),
                        job.schedule().daysOfMonth().toArray(Integer[]::new), job.enabled(),
                        WorkerStore.utc(job.createdAt()), WorkerStore.utc(job.updatedAt())}))
                .replaceWithVoid();
    }

    public Uni<PushJob> find(SqlClient client, String jobId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM scheduler.push_jobs WHERE job_id = $1")
                .execute(Tuple.of(jobId)).map(rows -> rows.iterator().hasNext() ? of(rows.iterator().next()) : null);
    }

    public Uni<List<PushJob>> list(SqlClient client, String agentKey, boolean enabledOnly) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM scheduler.push_jobs"
                        + " WHERE ($1::text IS NULL OR agent_key = $1) AND (NOT $2 OR enabled) ORDER BY created_at, job_id")
                .execute(Tuple.of(agentKey, enabledOnly)).map(rows -> {
                    List<PushJob> jobs = new ArrayList<>();
                    rows.forEach(row -> jobs.add(of(row)));
                    return jobs;
                });
    }

    public Uni<Boolean> delete(SqlClient client, String jobId) {
        return client.preparedQuery("DELETE FROM scheduler.push_jobs WHERE job_id = $1").execute(Tuple.of(jobId))
                .map(rows -> rows.rowCount() == 1);
    }

    /** @return true when this (job, slot) had not been dispatched before: the caller now owns the send */
    public Uni<Boolean> claimSlot(SqlClient tx, PushJob job, Instant slot, String messageId, String trigger, Instant now) {
        return tx.preparedQuery("INSERT INTO scheduler.push_dispatches (job_id, slot_at, agent_key, message_id,"
                        + " conversation_id, trigger, dispatched_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING")
                .execute(Tuple.from(new Object[]{job.jobId(), WorkerStore.utc(slot), job.agentKey(), messageId,
                        job.conversationId(), trigger, WorkerStore.utc(now)}))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<List<Dispatch>> dispatches(SqlClient client, String agentKey, String jobId, int limit) {
        return client.preparedQuery("SELECT * FROM scheduler.push_dispatches WHERE ($1::text IS NULL OR agent_key = $1)"
                        + " AND ($2::text IS NULL OR job_id = $2) ORDER BY dispatched_at DESC, slot_at DESC LIMIT $3")
                .execute(Tuple.of(agentKey, jobId, limit)).map(rows -> {
                    List<Dispatch> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new Dispatch(r.getString("job_id"), r.getString("agent_key"),
                            r.getOffsetDateTime("slot_at").toInstant(), r.getString("message_id"),
                            r.getString("conversation_id"), r.getString("trigger"),
                            r.getOffsetDateTime("dispatched_at").toInstant())));
                    return list;
                });
    }

    static PushJob of(Row r) {
        PushJob.ScheduleView schedule = new PushJob.ScheduleView(r.getString("slot_time"), r.getString("time_zone"),
                Arrays.asList(r.getArrayOfIntegers("weekdays")), Arrays.asList(r.getArrayOfIntegers("days_of_month")));
        String data = r.getString("data");
        return new PushJob(r.getString("job_id"), r.getString("agent_key"), r.getString("workspace_id"),
                r.getString("conversation_id"), r.getString("consumer_user_id"), r.getString("text"),
                data == null ? null : Json.MAPPER.convertValue(Json.read(data, JsonNode.class), MAP), schedule, r.getBoolean("enabled"),
                r.getOffsetDateTime("created_at").toInstant(), r.getOffsetDateTime("updated_at").toInstant(),
                slots(schedule).next(Instant.now()));
    }

    static Slots slots(PushJob.ScheduleView schedule) {
        return new Slots(LocalTime.parse(schedule.time()), ZoneId.of(schedule.timeZone()), schedule.weekdays(),
                schedule.daysOfMonth());
    }
}
