package dev.agentfactory.queue.lease;

import com.fasterxml.jackson.databind.JsonNode;
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

    public record HeartbeatResponse(Instant leaseExpiresAt, boolean shouldStop) {
    }

    public record CompleteResponse(String messageId, String status, boolean shouldStop,
                                   dev.agentfactory.queue.claim.Job next) {
    }

    public record FailResponse(String messageId, String outcome, int attempt, Instant nextAttemptAt) {
    }
}
