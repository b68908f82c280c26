package dev.agentfactory.skills.telegram;

import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Webhook secret tokens: 32 URL-safe characters (192 random bits), or the configured dev secret in the
 * laptop profiles. Only their SHA-256 leaves this service. Ingress selects the bot by that hash, so a secret
 * belongs to one bot: the dev secret goes to the first agent that registers a webhook, later ones get random
 * secrets.
 */
@ApplicationScoped
public class WebhookSecrets {

    private static final Logger LOG = Logger.getLogger(WebhookSecrets.class);
    static final Set<String> RELAXED_PROFILES = Set.of("local", "dev", "test");
    /** What Telegram accepts as secret_token. */
    static final Pattern ALLOWED = Pattern.compile("^[A-Za-z0-9_-]{1,256}$");

    private final SecureRandom random = new SecureRandom();
    private final Optional<String> devSecret;

    @Inject
    public WebhookSecrets(TelegramConfig config) {
        this(devSecret(config.devWebhookSecret(), ConfigUtils.getProfiles().stream().anyMatch(RELAXED_PROFILES::contains)));
    }

    WebhookSecrets(Optional<String> devSecret) {
        this.devSecret = devSecret;
    }

    static Optional<String> devSecret(Optional<String> configured, boolean relaxedProfile) {
        Optional<String> value = configured.filter(s -> !s.isBlank()).map(String::trim);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!relaxedProfile) {
            LOG.warn("af.telegram.dev-webhook-secret is ignored outside the local, dev and test profiles");
            return Optional.empty();
        }
        if (!ALLOWED.matcher(value.get()).matches()) {
            throw new IllegalStateException("af.telegram.dev-webhook-secret must be 1-256 characters of A-Z a-z 0-9 _ -");
        }
        return value;
    }

    /** The hash of the dev secret, when one is in force: the caller looks up which agent holds it. */
    public Optional<String> devSecretHash() {
        return devSecret.map(WebhookSecrets::hash);
    }

    /**
     * A new secret for {@code agentKey}'s webhook registration: the dev secret when it is in force and not held by
     * another agent's webhook ({@code devSecretHolder}), otherwise a random one.
     */
    public String next(String agentKey, Optional<String> devSecretHolder) {
        if (devSecret.isPresent()) {
            if (devSecretHolder.isEmpty() || devSecretHolder.get().equals(agentKey)) {
                return devSecret.get();
            }
            LOG.warnf("agent %s: the dev webhook secret is already used by agent %s; this webhook gets a random secret",
                    agentKey, devSecretHolder.get());
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Lowercase hex SHA-256: what ingress compares the X-Telegram-Bot-Api-Secret-Token header against. */
    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
