package dev.agentfactory.fakes.fly;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.fakes.http.FakeHttpServer;
import dev.agentfactory.fakes.http.HttpRequest;
import dev.agentfactory.fakes.http.HttpResponse;
import dev.agentfactory.fakes.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * An in-process fake of the Fly Machines API ({@code /v1}) following {@code shared/protocols/FLY-MACHINES-API.md}:
 * apps, machines with a timed lifecycle, the wait endpoint, leases, metadata, volumes, Fly's per-action rate
 * limits, fault and latency injection, and a request log. Admin endpoints outside {@code /v1} (no auth):
 * {@code GET /health}, {@code POST /_faults}, {@code GET /_requests}, {@code POST /_apps}, {@code POST /_foreign},
 * {@code POST /_exit} (see {@link FlyAdmin}).
 */
public final class FakeFlyMachinesApi implements AutoCloseable {

    private final FlyState state;
    private final Faults faults = new Faults();
    private final RateLimiter limiter;
    private final MachineLifecycle lifecycle;
    private final FlyRouter router;
    private final FlyAdmin admin;
    private final Set<String> tokens;
    private FakeHttpServer server;

    /** A fake with Fly's rate limits, a 300 ms boot delay and the given accepted tokens. */
    public FakeFlyMachinesApi(String... tokens) {
        this(builder().tokens(tokens));
    }

    FakeFlyMachinesApi(FakeFlyMachinesApiBuilder builder) {
        this.tokens = new CopyOnWriteArraySet<>(builder.tokens);
        this.state = new FlyState(builder.clock, builder.defaultRegion);
        this.limiter = new RateLimiter(builder.clock, builder.rateLimits);
        this.lifecycle = new MachineLifecycle(state, faults, builder.bootDelayMs, builder.stopDelayMs);
        this.router = new FlyRouter(state, new FlyRoutes(state, lifecycle, faults), faults, limiter, tokens);
        this.admin = new FlyAdmin(this);
    }

    public static FakeFlyMachinesApiBuilder builder() {
        return new FakeFlyMachinesApiBuilder();
    }

    /** Starts on 127.0.0.1:{@code port} (0 = ephemeral). */
    public FakeFlyMachinesApi start(int port) {
        return start("127.0.0.1", port);
    }

    public synchronized FakeFlyMachinesApi start(String host, int port) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        server = FakeHttpServer.start(host, port, "fake-fly", this::handle);
        return this;
    }

    /** {@code http://127.0.0.1:PORT/v1}: the Machines API base URL. */
    public String baseUrl() {
        return origin() + "/v1";
    }

    /** {@code http://127.0.0.1:PORT}: where the admin endpoints live. */
    public String origin() {
        FakeHttpServer current = server;
        if (current == null) {
            throw new IllegalStateException("not started");
        }
        return current.origin();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
        lifecycle.close();
    }

    public void addToken(String token) {
        tokens.add(token);
    }

    public void createApp(String name) {
        createApp(name, AppHandlers.DEFAULT_ORG);
    }

    public void createApp(String name, String orgSlug) {
        synchronized (state) {
            state.createApp(name, orgSlug);
        }
    }

    // ---- fault injection -------------------------------------------------------------------

    /** The next {@code n} API calls answer 429 without Retry-After. */
    public void rateLimitBurst(int n) {
        rateLimitBurst(n, -1);
    }

    /** The next {@code n} API calls answer 429 with {@code Retry-After: retryAfterSeconds} (none when negative). */
    public void rateLimitBurst(int n, int retryAfterSeconds) {
        faults.rateLimitRetryAfter.set(retryAfterSeconds);
        faults.rateLimitBurst.set(n);
    }

    /** The next {@code n} API calls answer 503. */
    public void serverErrors(int n) {
        serverErrors(n, 503);
    }

    /** The next {@code n} API calls answer {@code status} (a 5xx). */
    public void serverErrors(int n, int status) {
        if (status < 500 || status > 599) {
            throw new IllegalArgumentException("status must be a 5xx");
        }
        faults.serverErrorStatus.set(status);
        faults.serverErrors.set(n);
    }

    /** The next {@code n} machine creates answer 412 {@code {"error":"insufficient capacity","status":"insufficient_capacity"}}. */
    public void insufficientCapacity(int n) {
        faults.insufficientCapacity.set(n);
    }

    /** From now on machines take {@code millis} to go from starting to started. */
    public void slowBoot(long millis) {
        lifecycle.bootDelayMs(millis);
    }

    /** The next {@code n} boots end in state {@code failed} instead of {@code started}. */
    public void failBoots(int n) {
        faults.failBoots.set(n);
    }

    /** Adds {@code millis} before every API response. */
    public void latency(long millis) {
        faults.latencyMs.set(millis);
    }

    public void clearFaults() {
        faults.clear();
    }

    public void rateLimiting(boolean enabled) {
        RateLimitPolicy p = limiter.policy();
        limiter.policy(new RateLimitPolicy(enabled, p.perSecond(), p.burst(), p.getPerSecond(), p.getBurst()));
    }

    public void rateLimitPolicy(RateLimitPolicy policy) {
        limiter.policy(policy);
    }

    // ---- inspection ------------------------------------------------------------------------

    /** Every {@code /v1} request so far, in arrival order. */
    public List<FlyRequestRecord> requestLog() {
        return router.log();
    }

    public void clearRequestLog() {
        router.clearLog();
    }

    /** All machines of the app, destroyed ones included. */
    public List<MachineView> machines(String app) {
        synchronized (state) {
            List<MachineView> views = new ArrayList<>();
            state.app(app).machines.values().forEach(m -> views.add(MachineView.of(m, state.now())));
            return views;
        }
    }

    public Optional<MachineView> machine(String app, String machineId) {
        synchronized (state) {
            FakeMachine m = state.app(app).machines.get(machineId);
            return Optional.ofNullable(m == null ? null : MachineView.of(m, state.now()));
        }
    }

    /** All volumes of the app, destroyed ones included. */
    public List<VolumeView> volumes(String app) {
        synchronized (state) {
            return state.app(app).volumes.values().stream().map(VolumeView::of).toList();
        }
    }

    /** A started machine that our system did not create (someone else's), carrying {@code metadata}. */
    public MachineView createForeignMachine(String app, Map<String, String> metadata) {
        ObjectNode config = Json.object().put("image", "registry.fly.io/someone-else:latest");
        ObjectNode meta = config.putObject("metadata");
        metadata.forEach(meta::put);
        synchronized (state) {
            FakeApp target = state.app(app);
            FakeMachine m = new FakeMachine(Ids.machineId(), target.name, Ids.machineName(), state.defaultRegion(),
                    MachineConfigs.normalize(config), state.now());
            m.transition("starting", "start", "user", state.now());
            m.transition("started", "start", "flyd", state.now());
            target.machines.put(m.id, m);
            state.changed();
            return MachineView.of(m, state.now());
        }
    }

    /** The machine's process exits with {@code exitCode}: restarted per restart policy, else stopped (or destroyed with auto_destroy). */
    public void simulateExit(String app, String machineId, int exitCode) {
        synchronized (state) {
            FakeMachine m = state.app(app).machine(machineId);
            if (!m.state.equals("started")) {
                throw new IllegalStateException("machine " + machineId + " is " + m.state + ", not started");
            }
            lifecycle.exited(m, exitCode);
            state.changed();
        }
    }

    Faults faults() {
        return faults;
    }

    private HttpResponse handle(HttpRequest request) throws Exception {
        if (request.path().equals("/v1") || request.path().startsWith("/v1/")) {
            return router.handle(request);
        }
        try {
            return admin.handle(request);
        } catch (FlyException e) {
            return e.toResponse();
        } catch (IllegalArgumentException | IllegalStateException e) {
            return HttpResponse.json(400, Json.object().put("error", String.valueOf(e.getMessage())));
        }
    }
}
