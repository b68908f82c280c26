package dev.agentfactory.queue.lease;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.queue.claim.ClaimOutcome;
import dev.agentfactory.queue.claim.Job;
import dev.agentfactory.queue.claim.WorkerControl;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/** Wire models of the lease endpoints. */
public final class LeaseRequests {

    private LeaseRequests() {
    }

    public record Complete(JsonNode result, JsonNode hydrationDelta, Boolean claimNext,
                           @Min(0) @Max(30000) Long waitMs) {
        @AssertTrue(message = "must be a JSON object")
        public boolean isHydrationDelta() {
            return hydrationDelta == null || hydrationDelta.isNull() || hydrationDelta.isObject();
        }

        boolean wantsNext() {
            return Boolean.TRUE.equals(claimNext);
        }

        String deltaJson() {
            return hydrationDelta == null || hydrationDelta.isNull() ? null : hydrationDelta.toString();
        }
    }

    public record Fail(@NotBlank @Size(max = 4000) String error, @NotNull Boolean retryable) {
    }

    /** The lease goes on either way; the flags say what the worker does once its job is done. */
    public record HeartbeatResponse(Instant leaseExpiresAt, boolean shouldStop, boolean shouldPark) {
        static HeartbeatResponse of(Instant leaseExpiresAt, WorkerControl control) {
            return new HeartbeatResponse(leaseExpiresAt, control.shouldStop(), control.shouldPark());
        }
    }

    /** {@code next} only for a worker that runs; a parked or stopped one gets none and the flag that says why. */
    public record CompleteResponse(String messageId, String status, boolean shouldStop, boolean shouldPark, Job next) {
        static CompleteResponse of(String messageId, ClaimOutcome next) {
            return new CompleteResponse(messageId, "completed", next.shouldStop(), next.shouldPark(), next.job());
        }
    }

    public record FailResponse(String messageId, String outcome, int attempt, Instant nextAttemptAt) {
    }
}
