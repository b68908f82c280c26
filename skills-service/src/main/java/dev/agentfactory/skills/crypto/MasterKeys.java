package dev.agentfactory.skills.crypto;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The key ring: the current master key (seals) and retired ones (open old values). Refuses to start without a
 * valid 32-byte key, and outside the laptop profiles ({@code local}, {@code dev}, {@code test}) also with the
 * publicly committed development key of deploy/local/dev.env.
 */
@ApplicationScoped
public class MasterKeys {

    /** The development key committed in deploy/local/dev.env: never acceptable in a deployment. */
    static final String DEV_KEY = "R3xYk7YPgQDih2Su09GCnfcovB4BHt5FugmEjCvQijI=";
    static final Set<String> RELAXED_PROFILES = Set.of("local", "dev", "test");
    static final int KEY_BYTES = 32;

    private final String currentId;
    private final Map<String, SecretKey> keys = new HashMap<>();

    public MasterKeys(SecretsConfig config) {
        boolean relaxed = ConfigUtils.getProfiles().stream().anyMatch(RELAXED_PROFILES::contains);
        List<String> problems = problems(config.masterKey(), relaxed);
        config.retiredKeys().forEach((id, key) -> problems.addAll(problems(Optional.of(key), true).stream()
                .map(p -> p.replace("af.secrets.master-key (AF_SECRETS_MASTER_KEY)", "af.secrets.retired-keys." + id))
                .toList()));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("refusing to start: " + String.join("; ", problems));
        }
        this.currentId = config.masterKeyId();
        config.retiredKeys().forEach((id, key) -> keys.put(id, aesKey(key)));
        keys.put(currentId, aesKey(config.masterKey().orElseThrow()));
    }

    void checkAtStartup(@Observes StartupEvent event) {
        // constructing the bean is the check; observing the start forces it to happen before any request
        currentId();
    }

    public String currentId() {
        return currentId;
    }

    public SecretKey current() {
        return keys.get(currentId);
    }

    /** The key that sealed a value, by the id stored next to it. */
    public Optional<SecretKey> byId(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    /** What is wrong with a configured key; empty when it is usable. */
    static List<String> problems(Optional<String> base64Key, boolean relaxedProfile) {
        List<String> problems = new ArrayList<>();
        String name = "af.secrets.master-key (AF_SECRETS_MASTER_KEY)";
        if (base64Key.isEmpty() || base64Key.get().isBlank()) {
            problems.add(name + " is not set");
            return problems;
        }
        String value = base64Key.get().trim();
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            problems.add(name + " is not valid base64");
            return problems;
        }
        if (decoded.length != KEY_BYTES) {
            problems.add(name + " must decode to " + KEY_BYTES + " bytes, not " + decoded.length);
        } else if (!relaxedProfile && DEV_KEY.equals(value)) {
            problems.add(name + " is the public development key of deploy/local/dev.env");
        }
        return problems;
    }

    private static SecretKey aesKey(String base64) {
        return new SecretKeySpec(Base64.getDecoder().decode(base64.trim()), "AES");
    }
}
