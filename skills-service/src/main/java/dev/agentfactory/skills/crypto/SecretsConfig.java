package dev.agentfactory.skills.crypto;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;
import java.util.Optional;

/** Master keys that seal secrets at rest (AES-256-GCM). Set through the environment, never committed. */
@ConfigMapping(prefix = "af.secrets")
public interface SecretsConfig {

    /** Base64 of 32 random bytes (AF_SECRETS_MASTER_KEY): seals every new secret version. */
    Optional<String> masterKey();

    /** Id recorded with every value the master key seals, so keys can be rotated (AF_SECRETS_MASTER_KEY_ID). */
    @WithDefault("k1")
    String masterKeyId();

    /** Former master keys by id (base64 of 32 bytes each): they only open values they sealed in the past. */
    Map<String, String> retiredKeys();
}
