package dev.agentfactory.platform.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.Optional;

/** Topic naming and the durable producer used by the outbox relay and by ingress's acknowledged enqueue. */
@ConfigMapping(prefix = "af.kafka")
public interface KafkaConfig {

    /** Prepended to every topic name; empty in production, unique per run in tests on a shared broker. */
    @WithName("topic-prefix")
    Optional<String> topicPrefix();

    /** Broker list, shared with the Reactive Messaging channels. */
    @WithName("bootstrap-servers")
    @WithDefault("${kafka.bootstrap.servers:127.0.0.1:9092}")
    String bootstrapServers();

    /** How long a record may wait for the broker's acknowledgement before the send is reported as failed. */
    @WithName("delivery-timeout")
    @WithDefault("15s")
    Duration deliveryTimeout();

    /** How long a send may wait for topic metadata (the broker being unreachable) before failing. */
    @WithName("max-block")
    @WithDefault("5s")
    Duration maxBlock();

    /** Small batching window; a few milliseconds buy a lot of throughput under load. */
    @WithName("linger")
    @WithDefault("2ms")
    Duration linger();

    default String topic(String contractTopic) {
        return topicPrefix().orElse("") + contractTopic;
    }
}
