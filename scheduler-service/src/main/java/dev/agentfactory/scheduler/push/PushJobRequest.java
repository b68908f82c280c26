package dev.agentfactory.scheduler.push;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Null;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/** Body of {@code POST /v1/push-jobs} and {@code PUT /v1/push-jobs/{jobId}}. */
public record PushJobRequest(
        @NotNull @Pattern(regexp = "^[a-z0-9][a-z0-9_-]{0,63}$") String agentKey,
        @Size(min = 1, max = 200) String workspaceId,
        @Size(min = 1, max = 200) String conversationId,
        @Size(min = 1, max = 200) String consumerUserId,
        @NotBlank @Size(max = 4096) String text,
        Map<String, Object> data,
        @NotNull @Valid Schedule schedule,
        Boolean enabled) {

    /** Fixed slots only; the recurrence fields exist to be refused with a clear message. */
    public record Schedule(
            @NotNull @Pattern(regexp = "^([01][0-9]|2[0-3]):[0-5][0-9]$", message = "must be HH:mm (00:00 to 23:59)") String time,
            @NotNull @Size(min = 1, max = 64) String timeZone,
            @Size(max = 7) List<@NotNull @Min(1) @Max(7) Integer> weekdays,
            @Size(max = 31) List<@NotNull @Min(1) @Max(31) Integer> daysOfMonth,
            @Null(message = NO_INTERVALS) Integer everyMinutes,
            @Null(message = NO_INTERVALS) Integer intervalMinutes,
            @Null(message = NO_INTERVALS) String cron) {
    }

    static final String NO_INTERVALS = "every-N-minutes recurrence is not supported; use fixed HH:mm slots with weekdays and/or daysOfMonth";
}
