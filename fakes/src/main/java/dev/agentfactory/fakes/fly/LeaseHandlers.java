package dev.agentfactory.fakes.fly;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.fakes.http.HttpRequest;
import dev.agentfactory.fakes.http.HttpResponse;
import dev.agentfactory.fakes.http.Json;
import java.time.Instant;

/** {@code POST/GET/DELETE /machines/{id}/lease}: one exclusive lease per machine, identified by its nonce. */
final class LeaseHandlers {

    private static final int DEFAULT_TTL = 30;

    private final FlyState state;

    LeaseHandlers(FlyState state) {
        this.state = state;
    }

    /** Acquires a lease, or refreshes it when the request carries the current nonce; 409 when held by another. */
    HttpResponse acquire(String app, String id, HttpRequest request) {
        ObjectNode body = FlyRequests.body(request);
        Integer ttl = FlyRequests.integer(body, "ttl");
        int seconds = ttl == null ? DEFAULT_TTL : ttl;
        if (seconds < 1) {
            throw FlyException.badRequest("invalid ttl: must be at least 1 second");
        }
        String description = FlyRequests.text(body, "description");
        synchronized (state) {
            FakeMachine m = state.app(app).machine(id);
            m.checkNotDestroyed();
            Instant now = state.now();
            m.checkLease(FlyRequests.nonce(request), now);
            Lease current = m.activeLease(now);
            String nonce = current == null ? Ids.nonce() : current.nonce();
            String text = description != null ? description : current == null ? "" : current.description();
            m.lease = new Lease(nonce, MachineHandlers.LEASE_OWNER, text, now.plusSeconds(seconds), Ids.ulid());
            return HttpResponse.json(200, FlyJson.lease(m.lease));
        }
    }

    HttpResponse get(String app, String id) {
        synchronized (state) {
            Lease lease = state.app(app).machine(id).activeLease(state.now());
            if (lease == null) {
                throw FlyException.notFound("lease not found");
            }
            return HttpResponse.json(200, FlyJson.lease(lease));
        }
    }

    /** Releases the lease; the nonce header must match. */
    HttpResponse release(String app, String id, HttpRequest request) {
        synchronized (state) {
            FakeMachine m = state.app(app).machine(id);
            Instant now = state.now();
            if (m.activeLease(now) == null) {
                throw FlyException.notFound("lease not found");
            }
            m.checkLease(FlyRequests.nonce(request), now);
            m.lease = null;
            return HttpResponse.json(200, Json.object().put("status", "success"));
        }
    }
}
