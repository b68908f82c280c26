package dev.agentfactory.queue.claim;

/**
 * What the fleet wants of a worker, read from its status on {@code af.scheduler.fleet.v1}: {@link #RUN} takes work;
 * {@link #PARK} takes none but stays alive and asks again (the scheduler suspends its machine and, when capacity is
 * needed, resumes it and sets it active); {@link #STOP} takes none and exits after its current job.
 */
public enum WorkerControl {

    /** {@code active}, or a worker the fleet has not announced yet. */
    RUN,
    /** {@code parking} or {@code parked}. */
    PARK,
    /** {@code draining}, {@code stopping}, {@code stopped}, and any status this service does not know. */
    STOP;

    /** @param status the worker's fleet status, null when it has none */
    public static WorkerControl ofStatus(String status) {
        if (status == null) {
            return RUN;
        }
        return switch (status) {
            case "active" -> RUN;
            case "parking", "parked" -> PARK;
            default -> STOP;
        };
    }

    public boolean shouldStop() {
        return this == STOP;
    }

    public boolean shouldPark() {
        return this == PARK;
    }
}
