package dev.agentfactory.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.testing.LocalInfra;
import dev.agentfactory.platform.testing.TestCredentials;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Shared helpers of the queue tests: Kafka input, the worker API, and SQL on the run's database. */
public final class QueueTestSupport {

    private static KafkaProducer<String, String> producer;

    private QueueTestSupport() {
    }

    /** Empties the queue's state tables so a test starts from nothing (the event log is kept). */
    public static void reset() {
        for (int attempt = 1; ; attempt++) {
            try {
                // DELETE, not TRUNCATE: no table locks to deadlock with the sweeper running in the background
                sql("BEGIN; DELETE FROM queue.conversations; DELETE FROM queue.messages; DELETE FROM queue.workers;"
                        + " DELETE FROM queue.snapshots; COMMIT");
                return;
            } catch (IllegalStateException deadlock) {
                if (attempt == 3) {
                    throw deadlock;
                }
            }
        }
    }

    /** Every conversation's queued count (what the depth sums) equals its messages that are queued. */
    public static void assertQueuedCountsMatchMessages() {
        long drifted = count("SELECT count(*) FROM queue.conversations c WHERE c.queued <> (SELECT count(*)"
                + " FROM queue.messages m WHERE m.conversation_id = c.conversation_id AND m.status = 'queued')");
        if (drifted != 0) {
            throw new AssertionError(drifted + " conversations count a number of queued messages they do not hold");
        }
    }

    /** Waits until the consumer stored this many messages. */
    public static void awaitStored(long messages) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> count("SELECT count(*) FROM queue.messages") == messages);
    }

    public static String token(String workerId) {
        return given().header("Authorization", TestCredentials.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("workerId", workerId)).post("/v1/worker-tokens")
                .then().statusCode(200).extract().path("token");
    }

    public static String bearer(String workerId) {
        return "Bearer " + token(workerId);
    }

    public static ObjectNode enqueuedEvent(String messageId, String conversationId, int priority, Instant availableAt) {
        ObjectNode data = Json.MAPPER.createObjectNode();
        data.put("messageId", messageId);
        data.put("workspaceId", "default");
        data.put("agentKey", "support-en");
        data.put("conversationId", conversationId);
        data.put("priority", priority);
        if (availableAt != null) {
            data.put("availableAt", availableAt.toString());
        }
        data.put("origin", "api");
        data.put("receivedAt", Instant.now().toString());
        data.putObject("payload").put("kind", "api").put("text", "hello " + messageId);
        ObjectNode envelope = Json.MAPPER.createObjectNode();
        envelope.put("eventId", UUID.randomUUID().toString());
        envelope.put("type", "message.enqueued");
        envelope.put("occurredAt", Instant.now().toString());
        envelope.put("source", "ingress-service");
        envelope.put("subject", conversationId);
        envelope.put("schemaVersion", 1);
        envelope.set("data", data);
        return envelope;
    }

    public static void send(String contractTopic, String key, String value) {
        try {
            producer().send(new ProducerRecord<>(prefix() + contractTopic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void enqueue(String messageId, String conversationId, int priority) {
        send(Topics.MESSAGES_ENQUEUED, conversationId, enqueuedEvent(messageId, conversationId, priority, null).toString());
    }

    /** Enqueues a message that is not claimable before {@code availableAt}. */
    public static void enqueueAt(String messageId, String conversationId, Instant availableAt) {
        send(Topics.MESSAGES_ENQUEUED, conversationId, enqueuedEvent(messageId, conversationId, 0, availableAt).toString());
    }

    /**
     * The message's latest claim came well before a waiting claim's next one-second re-check would have found it,
     * counting from when the message became claimable, by the database's clock.
     */
    public static void assertClaimedOnTime(String messageId) {
        long lateMs = count("SELECT (extract(epoch FROM claimed_at - available_at) * 1000)::bigint"
                + " FROM queue.messages WHERE message_id = '" + messageId + "'");
        if (lateMs >= 450) {
            throw new AssertionError(messageId + " was claimed " + lateMs + " ms after it became claimable");
        }
    }

    public static Response claim(String bearer, String workerId, long waitMs) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("workerId", workerId, "waitMs", waitMs)).post("/v1/claims");
    }

    public static Response complete(String bearer, String leaseId, Object body) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON).body(body)
                .post("/v1/leases/" + leaseId + "/complete");
    }

    public static Response fail(String bearer, String leaseId, String error, boolean retryable) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("error", error, "retryable", retryable)).post("/v1/leases/" + leaseId + "/fail");
    }

    public static long count(String query) {
        return Long.parseLong(scalar(query));
    }

    public static String scalar(String query) {
        try (Connection connection = LocalInfra.connect(database()); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void sql(String statementText) {
        try (Connection connection = LocalInfra.connect(database()); Statement statement = connection.createStatement()) {
            statement.execute(statementText);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String database() {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static String prefix() {
        return ConfigProvider.getConfig().getOptionalValue("af.kafka.topic-prefix", String.class).orElse("");
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            String servers = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        }
        return producer;
    }
}
