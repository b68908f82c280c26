package dev.agentfactory.fakes.fly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.fakes.TestHttp;
import dev.agentfactory.fakes.TestHttp.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** Starts a fake per test and offers a client already carrying the token. */
abstract class FlyTestSupport {

    static final String TOKEN = "fo1_test-token";
    static final String APP = "af-workers";

    FakeFlyMachinesApi fake;
    TestHttp http;

    void start(FakeFlyMachinesApiBuilder builder) {
        fake = builder.tokens(TOKEN).build().start(0);
        fake.createApp(APP);
        http = new TestHttp(fake.baseUrl()).auth("Bearer " + TOKEN);
    }

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    static String machines() {
        return "/apps/" + APP + "/machines";
    }

    static String machine(String id) {
        return machines() + "/" + id;
    }

    static Map<String, Object> config(Map<String, String> metadata, Object... extra) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("image", "registry.fly.io/af-worker:1");
        config.put("metadata", metadata);
        for (int i = 0; i + 1 < extra.length; i += 2) {
            config.put((String) extra[i], extra[i + 1]);
        }
        return config;
    }

    static Map<String, Object> mount(String volumeId) {
        return Map.of("volume", volumeId, "path", "/data");
    }

    /** Creates a machine and asserts the 200. */
    JsonNode create(Map<String, Object> body) {
        Reply reply = http.post(machines(), body);
        assertEquals(200, reply.status(), reply.raw().body());
        return reply.json();
    }

    JsonNode createWithMetadata(Map<String, String> metadata) {
        return create(Map.of("config", config(metadata)));
    }

    Reply await(String id, String state, int timeoutSeconds) {
        return http.get(machine(id) + "/wait?state=" + state + "&timeout=" + timeoutSeconds);
    }

    void assertReaches(String id, String state) {
        Reply reply = await(id, state, 10);
        assertEquals(200, reply.status(), reply.raw().body());
        assertEquals(true, reply.json().path("ok").asBoolean());
    }

    static List<String> ids(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(n -> n.path("id").asText()).toList();
    }
}
