package dev.agentfactory.fakes.fly;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.fakes.http.HttpRequest;
import dev.agentfactory.fakes.http.HttpResponse;
import dev.agentfactory.fakes.http.Json;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** start, stop, suspend, wait, cordon, uncordon and events of one machine. */
final class MachineActions {

    private static final Set<String> WAITABLE = Set.of("started", "stopped", "suspended", "destroyed");
    private static final Set<String> STOPPABLE = Set.of("started", "starting", "suspended", "replacing", "updating", "restarting");

    private final FlyState state;
    private final MachineLifecycle lifecycle;

    MachineActions(FlyState state, MachineLifecycle lifecycle) {
        this.state = state;
        this.lifecycle = lifecycle;
    }

    HttpResponse start(String app, String id, HttpRequest request) {
        synchronized (state) {
            FakeMachine m = state.mutableMachine(app, id, FlyRequests.nonce(request));
            if (!FakeMachine.STARTABLE.contains(m.state)) {
                throw FlyException.precondition("unable to start machine from current state: '" + m.state + "'");
            }
            String previous = m.state;
            lifecycle.start(m, "start");
            ObjectNode body = Json.object().put("previous_state", previous).put("migrated", false).put("new_host", "");
            return HttpResponse.json(200, body);
        }
    }

    /** Optional body {@code {signal, timeout}}; stopping → stopped after the stop delay. */
    HttpResponse stop(String app, String id, HttpRequest request) {
        ObjectNode body = FlyRequests.body(request);
        FlyRequests.text(body, "signal");
        if (body.hasNonNull("timeout")) {
            FlyRequests.seconds(body.get("timeout").asText(), "timeout");
        }
        synchronized (state) {
            FakeMachine m = state.mutableMachine(app, id, FlyRequests.nonce(request));
            if (m.state.equals("stopping")) {
                return HttpResponse.json(200, FlyJson.ok());
            }
            if (!STOPPABLE.contains(m.state)) {
                throw FlyException.precondition("unable to stop machine, current state invalid, " + m.state);
            }
            lifecycle.stop(m);
            return HttpResponse.json(200, FlyJson.ok());
        }
    }

    HttpResponse suspend(String app, String id, HttpRequest request) {
        synchronized (state) {
            FakeMachine m = state.mutableMachine(app, id, FlyRequests.nonce(request));
            if (m.state.equals("suspending")) {
                return HttpResponse.json(200, FlyJson.ok());
            }
            if (!m.state.equals("started")) {
                throw FlyException.precondition("unable to suspend machine, current state invalid, " + m.state);
            }
            lifecycle.suspend(m);
            return HttpResponse.json(200, FlyJson.ok());
        }
    }

    /** GET wait: blocks (on the state monitor, no polling) until the state is reached or the timeout passes. */
    HttpResponse await(String app, String id, HttpRequest request) throws InterruptedException {
        String target = request.queryParam("state") == null || request.queryParam("state").isEmpty()
                ? "started" : request.queryParam("state");
        if (!WAITABLE.contains(target)) {
            throw FlyException.badRequest("invalid state: " + target + " (want started, stopped, suspended or destroyed)");
        }
        Integer timeout = FlyRequests.seconds(request.queryParam("timeout"), "timeout");
        int seconds = timeout == null ? 60 : timeout;
        if (seconds < 1 || seconds > 60) {
            throw FlyException.badRequest("invalid timeout: must be between 1 and 60 seconds");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (state) {
            FakeMachine m = state.app(app).machine(id);
            while (!m.state.equals(target)) {
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    throw new FlyException(408, "deadline_exceeded: machine " + id + " did not reach state "
                            + target + " within " + seconds + "s (state " + m.state + ")", null);
                }
                state.wait(remainingMs);
            }
            return HttpResponse.json(200, FlyJson.ok());
        }
    }

    HttpResponse cordon(String app, String id, HttpRequest request, boolean cordoned) {
        synchronized (state) {
            FakeMachine m = state.mutableMachine(app, id, FlyRequests.nonce(request));
            m.cordoned = cordoned;
            m.updatedAt = state.now();
            return HttpResponse.json(200, FlyJson.ok());
        }
    }

    HttpResponse events(String app, String id) {
        synchronized (state) {
            ArrayNode events = (ArrayNode) FlyJson.machine(state.app(app).machine(id)).get("events");
            return HttpResponse.json(200, events);
        }
    }
}
