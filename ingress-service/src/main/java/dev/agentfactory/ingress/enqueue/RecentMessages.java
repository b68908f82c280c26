package dev.agentfactory.ingress.enqueue;

import dev.agentfactory.ingress.config.IngressConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded, per-instance memory of message ids Kafka acknowledged recently, so a re-delivered Telegram update
 * is answered without publishing again. It is only a shortcut: the queue's insert is idempotent by message
 * id, which is what guarantees a single queue entry across instances and restarts.
 */
@ApplicationScoped
public class RecentMessages {

    private final Map<String, Boolean> recent;

    public RecentMessages(IngressConfig config) {
        int capacity = Math.max(16, config.duplicateCacheSize());
        this.recent = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized boolean contains(String messageId) {
        return recent.get(messageId) != null;
    }

    public synchronized void remember(String messageId) {
        recent.put(messageId, Boolean.TRUE);
    }
}
