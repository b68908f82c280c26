package dev.agentfactory.scheduler.policy;

import dev.agentfactory.platform.problem.Problem;
import dev.agentfactory.platform.problem.ProblemException;

import java.util.ArrayList;
import java.util.List;

/** Rules that span fields (single-field bounds are Bean Validation annotations on the record). */
public final class PolicyRules {

    private PolicyRules() {
    }

    public static List<Problem.Violation> violations(ScalingPolicy policy) {
        List<Problem.Violation> violations = new ArrayList<>();
        if (policy.minWorkers() > policy.maxWorkers()) {
            violations.add(new Problem.Violation("minWorkers", "must not exceed maxWorkers (" + policy.maxWorkers() + ")"));
        }
        if (policy.parkLimit() > policy.maxWorkers()) {
            violations.add(new Problem.Violation("parkLimit", "must not exceed maxWorkers (" + policy.maxWorkers()
                    + "): parked machines count as live"));
        }
        if (policy.machine().memoryMb() % 256 != 0) {
            violations.add(new Problem.Violation("machine.memoryMb", "must be a multiple of 256"));
        }
        return violations;
    }

    public static void requireValid(ScalingPolicy policy) {
        List<Problem.Violation> violations = violations(policy);
        if (!violations.isEmpty()) {
            throw new ProblemException(Problem.invalid("the scaling policy is inconsistent", violations));
        }
    }
}
