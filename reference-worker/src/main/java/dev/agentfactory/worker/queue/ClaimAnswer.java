package dev.agentfactory.worker.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.worker.Json;

/**
 * What a claim (or a complete with {@code claimNext}) produced: a job, an order to stop, an order to park, or
 * nothing. Reads 204 as nothing, a body with {@code leaseId}, {@code messageId} and {@code conversationId} (top
 * level, or under {@code next} / {@code job}) as a job, and {@code shouldStop} wherever it stands; {@code shouldPark}
 * only counts without a job (a job is always run).
 */
public record ClaimAnswer(Job job, boolean shouldStop, boolean shouldPark) {

    public static final ClaimAnswer NOTHING = new ClaimAnswer(null, false, false);

    static ClaimAnswer parse(int status, byte[] body) {
        if (status == 204 || body.length == 0) {
            return NOTHING;
        }
        JsonNode root = Json.read(body, JsonNode.class);
        JsonNode jobNode = isJob(root) ? root : isJob(root.path("next")) ? root.get("next")
                : isJob(root.path("job")) ? root.get("job") : null;
        Job job = jobNode == null ? null : Json.MAPPER.convertValue(jobNode, Job.class);
        boolean stop = root.path("shouldStop").asBoolean(false) || (job != null && job.shouldStop());
        return new ClaimAnswer(job, stop, job == null && root.path("shouldPark").asBoolean(false));
    }

    /** A job names its lease, its message and its conversation (a bare echo of a lease id is not a job). */
    private static boolean isJob(JsonNode node) {
        return node.hasNonNull("leaseId") && node.hasNonNull("messageId") && node.hasNonNull("conversationId");
    }

    /** This answer without a job that is really the lease just completed (never run a lease twice). */
    public ClaimAnswer excludingLease(String leaseId) {
        return job != null && job.leaseId().equals(leaseId) ? new ClaimAnswer(null, shouldStop, shouldPark) : this;
    }
}
