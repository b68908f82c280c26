package dev.agentfactory.queue.claim;

/** What a claim produced: a job, or no job with what the fleet wants of the worker (run: nothing within the wait). */
public record ClaimOutcome(Job job, WorkerControl control) {

    static final ClaimOutcome NOTHING = new ClaimOutcome(null, WorkerControl.RUN);

    public static ClaimOutcome of(Job job) {
        return new ClaimOutcome(job, WorkerControl.RUN);
    }

    static ClaimOutcome without(WorkerControl control) {
        return new ClaimOutcome(null, control);
    }

    public boolean shouldStop() {
        return control.shouldStop();
    }

    public boolean shouldPark() {
        return control.shouldPark();
    }
}
