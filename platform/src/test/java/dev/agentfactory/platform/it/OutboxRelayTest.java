package dev.agentfactory.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.config.ServiceConfig;
import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.EventFactory;
import dev.agentfactory.platform.outbox.Outbox;
import dev.agentfactory.platform.outbox.OutboxConfig;
import dev.agentfactory.platform.outbox.RelayStatements;
import dev.agentfactory.platform.testing.TopicProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class OutboxRelayTest {

    private static final String TOPIC = "af.platform.test.v1";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;
    @Inject
    Outbox outbox;
    @Inject
    EventFactory events;
    @Inject
    ServiceConfig service;
    @Inject
    OutboxConfig relayConfig;
    @Inject
    MeterRegistry registry;

    @Test
    void committedEventsArePublishedOnceInCommitOrderWithTheirKey() {
        String subject = "conv-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            EventEnvelope event = events.create("test.happened", subject, Map.of("n", i));
            ids.add(event.eventId().toString());
            pool.withTransaction(tx -> outbox.append(tx, TOPIC, event)).await().atMost(WAIT);
        }
        try (TopicProbe probe = new TopicProbe(TOPIC)) {
            probe.await(e -> ids.get(29).equals(e.path("eventId").asText()), WAIT);
            List<ConsumerRecord<String, String>> ours = probe.drain(Duration.ofMillis(500)).stream()
                    .filter(r -> subject.equals(r.key())).toList();
            assertEquals(ids, ours.stream().map(r -> eventId(r.value())).toList(), "each once, in order");
        }
    }

    @Test
    void commitsInQuickSuccessionArePublishedInFewRounds() {
        String subject = "burst-" + UUID.randomUUID();
        Counter rounds = registry.get("af.outbox.rounds").tag("schema", service.schema()).counter();
        long interval = relayConfig.minDrainInterval().toNanos();
        try (TopicProbe probe = new TopicProbe(TOPIC)) {
            double before = rounds.count();
            long started = System.nanoTime();
            EventEnvelope last = null;
            for (int i = 0; i < 60; i++) {
                EventEnvelope event = events.create("test.burst", subject, Map.of("n", i));
                pool.withTransaction(tx -> outbox.append(tx, TOPIC, event)).await().atMost(WAIT);
                last = event;
            }
            String lastId = last.eventId().toString();
            probe.await(e -> lastId.equals(e.path("eventId").asText()), WAIT);
            long elapsed = System.nanoTime() - started;
            double used = rounds.count() - before;
            // each round starts at least one interval after the previous one (plus the round that may have begun
            // between the last event's arrival and this count)
            assertTrue(used <= elapsed / interval + 2,
                    used + " rounds for 60 commits in " + elapsed / 1_000_000 + " ms");
            assertEquals(60L, probe.drain(Duration.ofMillis(300)).stream().filter(r -> subject.equals(r.key())).count(),
                    "every event published once");
        }
    }

    @Test
    void aBatchAppendedInOneTransactionIsPublishedWhole() {
        String subject = "batch-" + UUID.randomUUID();
        List<EventEnvelope> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(events.create("test.batched", subject, Map.of("n", i)));
        }
        pool.withTransaction(tx -> outbox.appendAll(tx, TOPIC, batch)).await().atMost(WAIT);
        try (TopicProbe probe = new TopicProbe(TOPIC)) {
            probe.await(e -> batch.get(4).eventId().toString().equals(e.path("eventId").asText()), WAIT);
            List<String> seen = probe.drain(Duration.ofMillis(300)).stream().filter(r -> subject.equals(r.key()))
                    .map(r -> eventId(r.value())).toList();
            assertEquals(batch.stream().map(e -> e.eventId().toString()).toList(), seen);
        }
    }

    @Test
    void anOlderTransactionStillOpenHoldsBackYoungerOnesSoNothingIsSkipped() {
        String subject = "slow-" + UUID.randomUUID();
        EventEnvelope slow = events.create("test.slow", subject, Map.of("which", "slow"));
        EventEnvelope fast = events.create("test.fast", subject, Map.of("which", "fast"));

        SqlConnection connection = pool.getConnection().await().atMost(WAIT);
        try (TopicProbe probe = new TopicProbe(TOPIC)) {
            Transaction open = connection.begin().await().atMost(WAIT);
            outbox.append(connection, TOPIC, slow).await().atMost(WAIT); // takes its xid first
            pool.withTransaction(tx -> outbox.append(tx, TOPIC, fast)).await().atMost(WAIT);

            List<ConsumerRecord<String, String>> meanwhile = probe.drain(Duration.ofSeconds(2));
            assertFalse(meanwhile.stream().anyMatch(r -> subject.equals(r.key())),
                    "the younger event must wait for the older transaction");

            open.commit().await().atMost(WAIT);
            probe.await(e -> fast.eventId().toString().equals(e.path("eventId").asText()), WAIT);
            List<String> order = probe.drain(Duration.ofMillis(300)).stream().filter(r -> subject.equals(r.key()))
                    .map(r -> eventId(r.value())).toList();
            assertEquals(List.of(slow.eventId().toString(), fast.eventId().toString()), order);
        } finally {
            connection.closeAndAwait();
        }
    }

    @Test
    void aRolledBackTransactionPublishesNothing() {
        String subject = "rollback-" + UUID.randomUUID();
        EventEnvelope ghost = events.create("test.ghost", subject, Map.of());
        EventEnvelope marker = events.create("test.marker", subject, Map.of());
        SqlConnection connection = pool.getConnection().await().atMost(WAIT);
        try {
            Transaction tx = connection.begin().await().atMost(WAIT);
            outbox.append(connection, TOPIC, ghost).await().atMost(WAIT);
            tx.rollback().await().atMost(WAIT);
        } finally {
            connection.closeAndAwait();
        }
        pool.withTransaction(tx -> outbox.append(tx, TOPIC, marker)).await().atMost(WAIT);
        try (TopicProbe probe = new TopicProbe(TOPIC)) {
            probe.await(e -> marker.eventId().toString().equals(e.path("eventId").asText()), WAIT);
            assertFalse(probe.drain(Duration.ofMillis(300)).stream()
                    .anyMatch(r -> r.value().contains(ghost.eventId().toString())));
        }
    }

    @Test
    void theNextBatchFollowsTransactionOrderAcrossADecimalDigitBoundary() {
        // as text, xid 100 sorts before 99: a relay ordering by the text form would publish 100 first, move its
        // cursor past 99 and never publish it. Rows with such old xids are written and read in one transaction,
        // then rolled back, so the running relay never sees them.
        RelayStatements statements = RelayStatements.forSchema(service.schema());
        SqlConnection connection = pool.getConnection().await().atMost(WAIT);
        try {
            Transaction tx = connection.begin().await().atMost(WAIT);
            connection.query("INSERT INTO " + service.schema() + ".event_log"
                    + " (txid, event_id, topic, event_key, event_type, envelope) VALUES"
                    + " ('100', gen_random_uuid(), '" + TOPIC + "', 'digits', 'test.digits', '{}'),"
                    + " ('99', gen_random_uuid(), '" + TOPIC + "', 'digits', 'test.digits', '{}')").execute()
                    .await().atMost(WAIT);
            List<String> order = new ArrayList<>();
            for (Row row : connection.preparedQuery(statements.nextBatch()).execute(Tuple.of("98", 0L, 2))
                    .await().atMost(WAIT)) {
                order.add(row.getString("cursor_txid") + (row.getBoolean("settled") ? "" : " (unsettled)"));
            }
            tx.rollback().await().atMost(WAIT);
            assertEquals(List.of("99", "100"), order);
        } finally {
            connection.closeAndAwait();
        }
    }

    private static String eventId(String json) {
        return dev.agentfactory.platform.event.Json.read(json, JsonNode.class).path("eventId").asText();
    }
}
