package dev.agentfactory.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.event.Json;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads a contract topic of the current test run from the beginning, so a test can assert what a service
 * published. Use in try-with-resources.
 */
public class TopicProbe implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();
    private final String topic;

    /** Inside a Quarkus test: the run's broker and topic prefix come from its configuration. */
    public TopicProbe(String contractTopic) {
        this(ConfigProvider.getConfig().getOptionalValue("kafka.bootstrap.servers", String.class).orElse(LocalInfra.KAFKA),
                ConfigProvider.getConfig().getOptionalValue("af.kafka.topic-prefix", String.class).orElse(""),
                contractTopic);
    }

    /** Outside Quarkus (black-box tests): name the broker and the run's topic prefix. */
    public TopicProbe(String servers, String prefix, String contractTopic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        topic = prefix + contractTopic;
    }

    /** Assigns every partition (no consumer group: no rebalance delay); waits for the topic to exist. */
    private void assignWhenTopicExists() {
        if (!consumer.assignment().isEmpty()) {
            return;
        }
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        if (partitions == null || partitions.isEmpty()) {
            return;
        }
        List<TopicPartition> all = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(all);
        consumer.seekToBeginning(all);
    }

    private void poll() {
        assignWhenTopicExists();
        if (consumer.assignment().isEmpty()) {
            sleep(200);
            return;
        }
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until an event matching the predicate arrived; returns it parsed. */
    public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < seen.size(); checked++) {
                JsonNode event = Json.read(seen.get(checked).value(), JsonNode.class);
                if (match.test(event)) {
                    return event;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching event within " + timeout + "; saw " + seen.size() + " events");
            }
            poll();
        }
    }

    /** Every record read so far (keys and values), after polling for the given time. */
    public List<ConsumerRecord<String, String>> drain(Duration quietFor) {
        long deadline = System.nanoTime() + quietFor.toNanos();
        while (System.nanoTime() < deadline) {
            poll();
        }
        return List.copyOf(seen);
    }

    public static Predicate<JsonNode> ofType(String type, String field, String value) {
        return event -> type.equals(event.path("type").asText()) && value.equals(event.path("data").path(field).asText());
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
