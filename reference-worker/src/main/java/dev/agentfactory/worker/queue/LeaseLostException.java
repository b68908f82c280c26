package dev.agentfactory.worker.queue;

/** The queue no longer holds our lease (409 stale, 403 foreign): the job must be abandoned without effects. */
public final class LeaseLostException extends RuntimeException {

    public LeaseLostException(String leaseId, String detail) {
        super("lease " + leaseId + " lost: " + detail);
    }
}
