package dev.agentfactory.platform.auth;

import dev.agentfactory.platform.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current request, filled in by {@link AuthFilter}. */
@RequestScoped
public class Caller {

    private Role role;
    private String workerId;

    void authenticate(Role role, String workerId) {
        this.role = role;
        this.workerId = workerId;
    }

    public Role role() {
        return role;
    }

    /** The worker a worker token names; null for API-key callers. */
    public String workerId() {
        return workerId;
    }

    /** A worker may act only as itself; admins and services may act for any worker. */
    public void requireActingAs(String claimedWorkerId) {
        if (role == Role.WORKER && !workerId.equals(claimedWorkerId)) {
            throw ProblemException.forbidden("the worker token names worker '" + workerId
                    + "', not '" + claimedWorkerId + "'");
        }
    }
}
