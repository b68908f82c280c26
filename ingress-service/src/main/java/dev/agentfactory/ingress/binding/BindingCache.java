package dev.agentfactory.ingress.binding;

import dev.agentfactory.ingress.config.IngressConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The webhook's view of bindings: the answer of a lookup (found or not) is reused for a short time, so a
 * busy chat costs one indexed query per TTL instead of one per update. Changes made by this instance
 * invalidate at once; another instance's changes show within the TTL.
 */
@ApplicationScoped
public class BindingCache {

    private final BindingStore store;
    private final long ttlNanos;
    private final Map<String, Entry> entries;

    public BindingCache(BindingStore store, IngressConfig config) {
        this.store = store;
        this.ttlNanos = config.bindingCacheTtl().toNanos();
        int capacity = Math.max(16, config.bindingCacheSize());
        this.entries = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    public Uni<Optional<Binding>> activeBinding(String botIdentity, long telegramUserId) {
        String key = key(botIdentity, telegramUserId);
        Entry entry;
        synchronized (entries) {
            entry = entries.get(key);
        }
        long now = System.nanoTime();
        if (entry != null && now - entry.loadedAt < ttlNanos) {
            return Uni.createFrom().item(entry.binding);
        }
        return store.findActive(botIdentity, telegramUserId).map(found -> {
            Optional<Binding> binding = Optional.ofNullable(found);
            synchronized (entries) {
                entries.put(key, new Entry(binding, now));
            }
            return binding;
        });
    }

    public void invalidate(String botIdentity, long telegramUserId) {
        synchronized (entries) {
            entries.remove(key(botIdentity, telegramUserId));
        }
    }

    private static String key(String botIdentity, long telegramUserId) {
        return botIdentity + '\u0000' + telegramUserId;
    }

    private record Entry(Optional<Binding> binding, long loadedAt) {
    }
}
