import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Kafka side of the webhook benchmark (run with the service's libraries on the class path):
 * {@code setup <bootstrap> <prefix> <agentKey> <bot> <secret>} creates the run's topics (12 partitions like
 * production) and publishes the agent to the catalog topic; {@code verify <bootstrap> <prefix> [ackedDir]} reads the
 * enqueue topic back, counts records and distinct message ids, and looks up every id the load generator saw
 * answered 200 (files in ackedDir); {@code cleanup <bootstrap> <prefix>}.
 */
public class BenchTool {

    static final String ENQUEUED = "af.messages.enqueued.v1";
    static final String CATALOG = "af.catalog.agents.v1";
    static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "setup" -> setup(args[1], args[2], args[3], args[4], args[5]);
            case "verify" -> verify(args[1], args[2], args.length > 3 ? args[3] : null);
            case "cleanup" -> cleanup(args[1], args[2]);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void setup(String bootstrap, String prefix, String agentKey, String bot, String secret) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(prefix + ENQUEUED, 12, (short) 1),
                    new NewTopic(prefix + CATALOG, 3, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(secret.getBytes(StandardCharsets.UTF_8)));
        String now = Instant.now().toString();
        String event = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"catalog.agent.updated\",\"occurredAt\":\""
                + now + "\",\"source\":\"bench\",\"subject\":\"" + agentKey + "\",\"schemaVersion\":1,\"data\":{"
                + "\"agentKey\":\"" + agentKey + "\",\"version\":1,\"enabled\":true,\"secretsRef\":[],"
                + "\"bridgeConfig\":{\"enabled\":false},\"botIdentity\":\"" + bot + "\",\"webhookSecretHash\":\""
                + hash + "\",\"updatedAt\":\"" + now + "\"}}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(prefix + CATALOG, agentKey, event)).get(30, TimeUnit.SECONDS);
        }
        System.out.println("topics created, agent published");
    }

    static void verify(String bootstrap, String prefix, String ackedDir) throws Exception {
        String topic = prefix + ENQUEUED;
        long records = 0;
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    Matcher m = MESSAGE_ID.matcher(record.value());
                    if (m.find()) {
                        ids.add(m.group(1));
                    }
                }
            }
        }
        // webhook.lua numbers updates <thread>*1e9 + <round>*1e8 + seq: every hole in a sequence is a lost update,
        // except among the last requests of a round, which wrk may have cut off before they were sent or answered
        Map<Long, List<Long>> sequences = ids.stream().map(id -> Long.parseLong(id.substring(id.lastIndexOf(':') + 1)))
                .collect(Collectors.groupingBy(n -> n / 100_000_000L));
        long holes = 0;
        for (List<Long> seq : sequences.values()) {
            long min = seq.stream().mapToLong(Long::longValue).min().orElse(0);
            long max = seq.stream().mapToLong(Long::longValue).max().orElse(0);
            holes += (max - min + 1) - seq.size();
        }
        System.out.printf("records_on_topic=%d distinct_message_ids=%d duplicates=%d sequences=%d holes=%d%n",
                records, ids.size(), records - ids.size(), sequences.size(), holes);
        if (ackedDir != null) {
            long answered = 0;
            long missing = 0;
            try (var files = java.nio.file.Files.list(java.nio.file.Path.of(ackedDir))) {
                for (var file : files.toList()) {
                    for (String id : java.nio.file.Files.readAllLines(file)) {
                        answered++;
                        if (!ids.contains(id)) {
                            missing++;
                        }
                    }
                }
            }
            System.out.printf("answered_200_ids=%d missing_from_topic=%d%n", answered, missing);
            if (missing > 0) {
                System.exit(1);
            }
        }
    }

    static void cleanup(String bootstrap, String prefix) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> ours = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(n -> n.startsWith(prefix)).collect(Collectors.toSet());
            admin.deleteTopics(ours).all().get(30, TimeUnit.SECONDS);
        }
    }
}
