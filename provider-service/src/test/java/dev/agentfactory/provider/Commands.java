package dev.agentfactory.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.event.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Builds provider.command.requested events and sends them to this run's commands topic. */
public final class Commands implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final String topic;

    public Commands() {
        var config = ConfigProvider.getConfig();
        String prefix = config.getOptionalValue("af.kafka.topic-prefix", String.class).orElse("");
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.getValue("kafka.bootstrap.servers", String.class), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
        topic = prefix + Topics.PROVIDER_COMMANDS;
    }

    /** A create-machine command with a volume, env and a secret env var. */
    public static ObjectNode createMachine(String commandId, String workerId) {
        ObjectNode data = base(commandId, "create-machine", FlyFakeResource.APP).put("workerId", workerId);
        ObjectNode machine = data.putObject("machine").put("image", "registry.fly.io/af-worker:v1").put("region", "ams")
                .put("restartPolicy", "on-failure");
        machine.putObject("guest").put("cpuKind", "shared").put("cpus", 1).put("memoryMb", 512);
        machine.putObject("env").put("AF_QUEUE_URL", "http://queue:8082");
        machine.putObject("secretEnv").put("AF_WORKER_TOKEN", "worker.token.w-secret");
        machine.putObject("volume").put("name", "worker_state").put("sizeGb", 1).put("path", "/data");
        return data;
    }

    public static ObjectNode action(String commandId, String action, String machineId) {
        ObjectNode data = base(commandId, action, FlyFakeResource.APP);
        if (machineId != null) {
            data.put("machineId", machineId);
        }
        return data;
    }

    public static ObjectNode base(String commandId, String action, String app) {
        return Json.MAPPER.createObjectNode().put("commandId", commandId).put("action", action).put("appName", app)
                .put("requestedBy", "scheduler-service");
    }

    /** Sends the command in a fresh envelope (a new eventId each time). */
    public void send(ObjectNode data) {
        ObjectNode envelope = Json.MAPPER.createObjectNode().put("eventId", UUID.randomUUID().toString())
                .put("type", "provider.command.requested").put("occurredAt", Instant.now().toString())
                .put("source", "scheduler-service").put("subject", data.path("appName").asText()).put("schemaVersion", 1);
        envelope.set("data", data);
        sendRaw(data.path("appName").asText(), Json.write(envelope));
    }

    public void sendRaw(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void sendTo(String contractTopic, String key, String value) {
        String prefix = ConfigProvider.getConfig().getOptionalValue("af.kafka.topic-prefix", String.class).orElse("");
        try {
            producer.send(new ProducerRecord<>(prefix + contractTopic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
