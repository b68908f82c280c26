package dev.agentfactory.queue.snapshot;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/** Wire models of the snapshot endpoints. */
public final class SnapshotRequests {

    private SnapshotRequests() {
    }

    public record Begin(@NotBlank @Size(max = 200) String workspaceId,
                        @NotBlank @Pattern(regexp = "^[a-z0-9][a-z0-9_-]{0,63}$") String agentKey,
                        @NotBlank @Size(max = 200) String conversationId,
                        @NotNull @Min(1) Long sizeBytes,
                        @NotBlank @Pattern(regexp = "^[0-9a-fA-F]{64}$") String sha256) {
    }

    public record Begun(UUID snapshotId, String uploadUrl, String status) {
    }

    public record Fail(@NotBlank @Size(max = 4000) String error) {
    }
}
