package dev.agentfactory.fakes.fly;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/** A machine's mutable state; every access happens while holding the {@link FlyState} monitor. */
final class FakeMachine {

    /** One lifecycle event as the API lists it (newest first). */
    record Event(String id, String type, String status, String source, long timestamp) {
    }

    /** States from which a machine can be started. */
    static final Set<String> STARTABLE = Set.of("created", "stopped", "suspended", "failed");
    /** States in which a delete needs {@code force=true}. */
    static final Set<String> ACTIVE = Set.of("starting", "started", "stopping", "suspending", "replacing", "updating", "restarting");

    final String id;
    final String app;
    final Instant createdAt;
    String name;
    String region;
    String instanceId;
    String privateIp;
    String state;
    Instant updatedAt;
    ObjectNode config;
    boolean cordoned;
    Lease lease;
    /** The volume currently attached through config.mounts, or null. */
    String volumeId;
    /** Bumped by every user action; scheduled transitions of an older generation are dropped. */
    long generation;
    final Deque<Event> events = new ArrayDeque<>();

    FakeMachine(String id, String app, String name, String region, ObjectNode config, Instant now) {
        this.id = id;
        this.app = app;
        this.name = name;
        this.region = region;
        this.config = config;
        this.createdAt = now;
        this.updatedAt = now;
        this.instanceId = Ids.ulid();
        this.privateIp = Ids.privateIp();
        this.state = "created";
        record("launch", "created", "user", now);
    }

    /** Moves to {@code newState} and records the event. */
    void transition(String newState, String eventType, String source, Instant now) {
        state = newState;
        updatedAt = now;
        record(eventType, newState, source, now);
    }

    long nextGeneration() {
        return ++generation;
    }

    boolean destroyed() {
        return state.equals("destroyed") || state.equals("destroying");
    }

    Lease activeLease(Instant now) {
        if (lease != null && !lease.activeAt(now)) {
            lease = null;
        }
        return lease;
    }

    /** Throws 409 when someone else's lease is active and {@code nonce} does not match it. */
    void checkLease(String nonce, Instant now) {
        Lease current = activeLease(now);
        if (current != null && !current.nonce().equals(nonce)) {
            throw new FlyException(409, "lease currently held by " + current.owner() + ", expires at "
                    + current.expiresAt() + "; send its nonce in fly-machine-lease-nonce", null);
        }
    }

    /** Throws 412 when the machine is destroyed or being destroyed. */
    void checkNotDestroyed() {
        if (destroyed()) {
            throw FlyException.precondition("machine " + id + " is " + state);
        }
    }

    String metadata(String key) {
        return config.path("metadata").path(key).asText(null);
    }

    private void record(String type, String status, String source, Instant now) {
        events.addFirst(new Event(Ids.ulid(), type, status, source, now.toEpochMilli()));
        while (events.size() > 50) {
            events.removeLast();
        }
    }
}
