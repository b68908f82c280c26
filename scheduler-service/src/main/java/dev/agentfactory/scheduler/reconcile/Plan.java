package dev.agentfactory.scheduler.reconcile;

import java.util.List;

/**
 * The outcome of one capacity decision.
 *
 * @param desired  workers the demand calls for, within the policy's bounds
 * @param starting active workers that have not claimed yet
 * @param ready    active workers that have claimed at least once
 * @param parked   workers in the pool (parking or parked) before this decision
 */
public record Plan(int desired, int starting, int ready, int draining, int stopping, int parked, List<Action> actions,
                   String reason) {

    public int resumed() {
        return (int) actions.stream().filter(a -> a instanceof Action.Resume).count();
    }

    public int spawned() {
        return actions.stream().filter(a -> a instanceof Action.Spawn).mapToInt(a -> ((Action.Spawn) a).count()).sum();
    }
}
