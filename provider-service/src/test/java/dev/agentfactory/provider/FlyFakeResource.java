package dev.agentfactory.provider;

import com.sun.net.httpserver.HttpServer;
import dev.agentfactory.fakes.fly.FakeFlyMachinesApi;
import dev.agentfactory.platform.event.Json;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts the fake Fly Machines API (apps {@link #APP} and {@link #OTHER_APP}) and a stub of skills-service's
 * {@code POST /internal/secrets/resolve} that holds the Fly token and a few secrets.
 */
public class FlyFakeResource implements QuarkusTestResourceLifecycleManager {

    /** How long the fake's machines take to boot, unless a test slows them down. */
    public static final long BOOT_MS = 150;

    public static final String APP = "af-test-workers";
    public static final String OTHER_APP = "someone-elses-app";
    /** A macaroon-style token: the provider must send it as {@code FlyV1}. */
    public static final String FLY_TOKEN = "fm2_test-token";
    public static final Map<String, String> SECRETS = new ConcurrentHashMap<>(Map.of(
            "fly.apiToken", FLY_TOKEN, "worker.token.w-secret", "worker-token-plaintext"));
    /** Refs skills-service was asked for, in order. */
    public static final List<String> RESOLVED = java.util.Collections.synchronizedList(new ArrayList<>());

    private static FakeFlyMachinesApi fly;
    private HttpServer skills;

    public static FakeFlyMachinesApi fly() {
        return fly;
    }

    @Override
    public Map<String, String> start() {
        fly = FakeFlyMachinesApi.builder().tokens(FLY_TOKEN).bootDelayMs(BOOT_MS).stopDelayMs(50).build().start(0);
        fly.createApp(APP);
        fly.createApp(OTHER_APP);
        skills = startSkillsStub();
        return Map.of("af.provider.fly.api-base-url", fly.baseUrl(),
                "af.provider.skills.base-url", "http://127.0.0.1:" + skills.getAddress().getPort());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(fly, new TestInjector.AnnotatedAndMatchesType(InjectFlyFake.class, FakeFlyMachinesApi.class));
    }

    @Override
    public void stop() {
        if (fly != null) {
            fly.close();
        }
        if (skills != null) {
            skills.stop(0);
        }
    }

    private static HttpServer startSkillsStub() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.createContext("/internal/secrets/resolve", exchange -> {
                byte[] answer;
                int status;
                if (!"Bearer test-service-key".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    status = 401;
                    answer = "{\"status\":401}".getBytes(StandardCharsets.UTF_8);
                } else {
                    Map<?, ?> body = Json.read(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), Map.class);
                    Map<String, String> values = new HashMap<>();
                    List<String> missing = new ArrayList<>();
                    for (Object ref : (List<?>) body.get("refs")) {
                        RESOLVED.add(ref.toString());
                        String value = SECRETS.get(ref.toString());
                        if (value == null) {
                            missing.add(ref.toString());
                        } else {
                            values.put(ref.toString(), value);
                        }
                    }
                    status = 200;
                    answer = Json.write(Map.of("values", values, "missing", missing)).getBytes(StandardCharsets.UTF_8);
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
