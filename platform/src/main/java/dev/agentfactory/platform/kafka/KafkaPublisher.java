package dev.agentfactory.platform.kafka;

import dev.agentfactory.platform.config.ServiceConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sends a record and completes when every in-sync replica has it ({@code acks=all}, idempotent producer, so
 * retries never duplicate and order per partition holds). {@code KafkaProducer.send} can block while it
 * waits for metadata, so sends are handed to one dedicated thread and never run on an event loop.
 */
@ApplicationScoped
public class KafkaPublisher {

    private final ServiceConfig service;
    private final KafkaConfig config;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kafka-publisher");
        t.setDaemon(true);
        return t;
    });
    private volatile KafkaProducer<String, String> producer;

    public KafkaPublisher(ServiceConfig service, KafkaConfig config) {
        this.service = service;
        this.config = config;
    }

    /** Publishes to the contract topic (the configured prefix is applied here). */
    public Uni<RecordMetadata> publish(String contractTopic, String key, String json) {
        ProducerRecord<String, String> record = new ProducerRecord<>(config.topic(contractTopic), key, json);
        return Uni.createFrom().<RecordMetadata>emitter(em -> {
            // resume on the caller's Vert.x context (if any), not on Kafka's I/O thread
            Context caller = Vertx.currentContext();
            sender.execute(() -> {
            try {
                producer().send(record, (metadata, error) -> onContext(caller, () -> {
                    if (error != null) {
                        em.fail(error);
                    } else {
                        em.complete(metadata);
                    }
                }));
            } catch (RuntimeException e) {
                onContext(caller, () -> em.fail(e));
            }
            });
        });
    }

    private static void onContext(Context context, Runnable action) {
        if (context == null) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(properties(), new StringSerializer(), new StringSerializer());
                }
                p = producer;
            }
        }
        return p;
    }

    private Map<String, Object> properties() {
        long linger = config.linger().toMillis();
        // request timeout must leave room inside the delivery timeout, which Kafka checks at construction
        long delivery = Math.max(config.deliveryTimeout().toMillis(), linger + 1000);
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, service.name() + "-publisher",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, (int) linger,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (delivery - linger),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, config.maxBlock().toMillis());
    }

    @PreDestroy
    void close() {
        sender.shutdown();
        KafkaProducer<String, String> p = producer;
        if (p != null) {
            p.close(java.time.Duration.ofSeconds(5));
        }
    }
}
