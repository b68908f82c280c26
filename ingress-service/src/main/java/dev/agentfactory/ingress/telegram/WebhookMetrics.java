package dev.agentfactory.ingress.telegram;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Counters of the webhook: what was ignored and why, unbound senders, duplicates, pairing attempts. */
@ApplicationScoped
public class WebhookMetrics {

    private final MeterRegistry registry;
    private final Counter duplicates;
    private final Counter enqueued;

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.duplicates = Counter.builder("ingress.telegram.duplicates.dropped")
                .description("Re-delivered updates answered from the recent-ids memory without publishing")
                .register(registry);
        this.enqueued = Counter.builder("ingress.telegram.updates.enqueued")
                .description("Updates acknowledged by Kafka").register(registry);
    }

    public void ignored(String kind) {
        Counter.builder("ingress.telegram.updates.ignored").description("Updates answered 200 and not enqueued")
                .tag("kind", kind).register(registry).increment();
    }

    public void unbound(String outcome) {
        Counter.builder("ingress.telegram.unbound.senders").description("Updates from senders without a binding")
                .tag("outcome", outcome).register(registry).increment();
    }

    public void pairing(String outcome) {
        Counter.builder("ingress.telegram.pairings").description("/start <code> attempts by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    public void duplicate() {
        duplicates.increment();
    }

    public void enqueued() {
        enqueued.increment();
    }
}
