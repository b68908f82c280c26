package dev.agentfactory.scheduler.reconcile;

/** One effect a reconcile decided; the reconciler applies them in order inside one transaction. */
public sealed interface Action {

    String kind();

    /** Allocate {@code count} new worker slots and ask the provider for their machines. */
    record Spawn(int count) implements Action {
        public String kind() {
            return "spawn";
        }
    }

    /** active → draining: no new claims; the worker finishes its lease and takes its final snapshot. */
    record Drain(String workerId, String reason) implements Action {
        public String kind() {
            return "drain";
        }
    }

    /** draining → stopping: provider teardown begins. */
    record BeginStopping(String workerId, String reason) implements Action {
        public String kind() {
            return "stopping";
        }
    }

    /** Send stop-machine (round n; a new round is a retry with a new commandId). */
    record SendStop(String workerId, int round) implements Action {
        public String kind() {
            return "stop-machine";
        }
    }

    /** Send destroy-machine (round n), after the stop was confirmed or gave up. */
    record SendDestroy(String workerId, int round) implements Action {
        public String kind() {
            return "destroy-machine";
        }
    }

    /** active → parking: no new claims; the machine is suspended once the worker holds no lease. */
    record Park(String workerId, String reason) implements Action {
        public String kind() {
            return "park";
        }
    }

    /** Send suspend-machine for the worker's current park cycle (round n). */
    record SendSuspend(String workerId, int cycle, int round) implements Action {
        public String kind() {
            return "suspend-machine";
        }
    }

    /** parking/parked → active: the pooled machine serves again (instead of a new one being created). */
    record Resume(String workerId) implements Action {
        public String kind() {
            return "resume";
        }
    }

    /** Send start-machine to resume the worker's machine for its current park cycle (round n). */
    record SendResume(String workerId, int cycle, int round) implements Action {
        public String kind() {
            return "start-machine";
        }
    }
}
