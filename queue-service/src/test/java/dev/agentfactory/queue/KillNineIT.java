package dev.agentfactory.queue;

import dev.agentfactory.platform.testing.LocalInfra;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged service as a process against the local stack: loaded by workers, killed with SIGKILL, restarted.
 * Afterwards every message is stored once, completed once, and told completed once. Runs in {@code verify}
 * (failsafe) after {@code package}: {@code ./mvnw -B -q -pl queue-service verify -DskipITs=false}.
 */
@Tag("process")
class KillNineIT {

    private static final int CONVERSATIONS = 30;
    private static final int PER_CONVERSATION = 10;
    private static final Pattern LEASE = Pattern.compile("\"leaseId\":\"([0-9a-f-]{36})\"");
    private static final Pattern MESSAGE = Pattern.compile("\"messageId\":\"([^\"]+)\"");

    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String database = "af_it_" + run;
    private final String prefix = "it" + run + ".";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final List<String> duplicates = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private Process service;
    private int port;

    @AfterEach
    void cleanUp() throws Exception {
        stop.set(true);
        if (service != null) {
            service.destroyForcibly().waitFor();
        }
        sql("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @Test
    void killNineMidLoadLosesNothingAndDuplicatesNothing() throws Exception {
        sql("postgres", "CREATE DATABASE " + database);
        port = freePort();
        service = start();
        int total = CONVERSATIONS * PER_CONVERSATION;
        try (KafkaProducer<String, String> producer = producer()) {
            send(producer, 0, PER_CONVERSATION / 2);
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                Thread worker = new Thread(work("kill-w" + w));
                worker.start();
                workers.add(worker);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= total / 4);
            service.destroyForcibly().waitFor(); // SIGKILL mid-load
            send(producer, PER_CONVERSATION / 2, PER_CONVERSATION); // accepted while the service is down
            service = start();
            await().atMost(Duration.ofSeconds(120)).until(() ->
                    count("SELECT count(*) FROM queue.messages WHERE status = 'done'") == total);
            stop.set(true);
            for (Thread worker : workers) {
                worker.join(35_000);
            }
        }
        assertEquals(total, count("SELECT count(*) FROM queue.messages"), "every accepted message stored");
        assertEquals(total, count("SELECT count(DISTINCT message_id) FROM queue.messages"));
        assertTrue(duplicates.isEmpty(), "completed twice: " + duplicates);
        assertEquals(total, count("SELECT count(DISTINCT envelope -> 'data' ->> 'messageId') FROM queue.event_log"
                + " WHERE event_type = 'queue.message.completed'"));
        assertEquals(total, count("SELECT count(*) FROM queue.event_log WHERE event_type = 'queue.message.completed'"),
                "one completion per message");
        assertEquals(total, count("SELECT count(*) FROM queue.event_log WHERE event_type = 'queue.message.enqueued'"),
                "one enqueue per message despite redelivery after the kill");
        assertEquals(0, count("SELECT count(*) FROM queue.conversations WHERE queued <> 0"),
                "every message done: no conversation counts a queued one (the depth sums these counts)");
    }

    private Runnable work(String workerId) {
        return () -> {
            String bearer = null;
            while (!stop.get()) {
                try {
                    if (bearer == null) {
                        String body = post("/v1/worker-tokens", "Bearer dev-admin-key-0123456789abcdef",
                                "{\"workerId\":\"" + workerId + "\"}").body();
                        bearer = "Bearer " + body.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
                    }
                    HttpResponse<String> claimed = post("/v1/claims", bearer,
                            "{\"workerId\":\"" + workerId + "\",\"waitMs\":1000}");
                    Matcher lease = LEASE.matcher(claimed.body());
                    Matcher message = MESSAGE.matcher(claimed.body());
                    if (claimed.statusCode() != 200 || !lease.find() || !message.find()) {
                        continue;
                    }
                    HttpResponse<String> done = post("/v1/leases/" + lease.group(1) + "/complete", bearer, "{}");
                    if (done.statusCode() == 200 && !acknowledged.add(message.group(1))) {
                        synchronized (duplicates) {
                            duplicates.add(message.group(1));
                        }
                    }
                } catch (Exception down) {
                    sleep(200); // the service is being killed or restarted
                }
            }
        };
    }

    private Process start() throws Exception {
        Path module = Path.of("").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx512m", "-Dquarkus.profile=local",
                "-Dquarkus.http.port=" + port, "-Daf.kafka.topic-prefix=" + prefix,
                "-Daf.queue.lease-duration=3s", "-jar", module.resolve("target/quarkus-app/quarkus-run.jar").toString());
        Map<String, String> env = builder.environment();
        env.put("AF_PG_DATABASE", database);
        env.put("AF_ADMIN_API_KEY", "dev-admin-key-0123456789abcdef");
        env.put("AF_APP_API_KEY", "dev-app-key-0123456789abcdef");
        env.put("AF_SERVICE_API_KEY", "dev-service-key-0123456789abcdef");
        env.put("AF_WORKER_TOKEN_SECRET", "dev-worker-token-secret-0123456789abcdef0123");
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                new File(module.resolve("target").toFile(), "kill-nine-service.log")));
        Process process = builder.start();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (Exception notYet) {
                return false;
            }
        });
        return process;
    }

    private void send(KafkaProducer<String, String> producer, int fromIndex, int toIndex) throws Exception {
        for (int m = fromIndex; m < toIndex; m++) {
            for (int c = 0; c < CONVERSATIONS; c++) {
                String conversation = "kill-conv-" + c;
                String id = "kill:" + c + ":" + m;
                String event = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"message.enqueued\","
                        + "\"occurredAt\":\"2026-01-01T00:00:00Z\",\"source\":\"ingress-service\",\"subject\":\""
                        + conversation + "\",\"schemaVersion\":1,\"data\":{\"messageId\":\"" + id + "\","
                        + "\"workspaceId\":\"default\",\"agentKey\":\"support-en\",\"conversationId\":\"" + conversation
                        + "\",\"priority\":1,\"origin\":\"api\",\"payload\":{\"kind\":\"api\",\"text\":\"t\"}}}";
                producer.send(new ProducerRecord<>(prefix + "af.messages.enqueued.v1", conversation, event));
            }
        }
        producer.flush();
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.KAFKA,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    private HttpResponse<String> post(String path, String bearer, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(35)).header("Authorization", bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long count(String query) throws Exception {
        try (Connection connection = LocalInfra.connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        } catch (Exception notReady) {
            return -1;
        }
    }

    private static void sql(String db, String statementText) throws Exception {
        try (Connection connection = LocalInfra.connect(db); Statement statement = connection.createStatement()) {
            statement.execute(statementText);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
