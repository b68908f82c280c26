package dev.agentfactory.scheduler.push;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A push job as the API answers it. */
public record PushJob(String jobId, String agentKey, String workspaceId, String conversationId, String consumerUserId,
                      String text, Map<String, Object> data, ScheduleView schedule, boolean enabled,
                      Instant createdAt, Instant updatedAt, Instant nextSlotAt) {

    public record ScheduleView(String time, String timeZone, List<Integer> weekdays, List<Integer> daysOfMonth) {
    }
}
