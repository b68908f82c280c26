package dev.agentfactory.skills.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretCipherTest {

    static final String KEY_A = Base64.getEncoder().encodeToString("a-32-byte-key-for-unit-tests-A!!".getBytes(StandardCharsets.UTF_8));
    static final String KEY_B = Base64.getEncoder().encodeToString("a-32-byte-key-for-unit-tests-B!!".getBytes(StandardCharsets.UTF_8));

    @Test
    void aSealedValueOpensAndDoesNotContainThePlaintext() {
        SecretCipher cipher = cipher("k1", KEY_A, Map.of());
        SecretCipher.Sealed sealed = cipher.seal("fly.apiToken", 3, "fly_live_abcdef");
        assertEquals("k1", sealed.keyId());
        assertEquals(12, sealed.nonce().length);
        assertFalse(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1).contains("fly_live_abcdef"));
        assertEquals("fly_live_abcdef", cipher.open("fly.apiToken", 3, "k1", sealed.nonce(), sealed.ciphertext()));
    }

    @Test
    void everyValueGetsItsOwnNonce() {
        SecretCipher cipher = cipher("k1", KEY_A, Map.of());
        SecretCipher.Sealed one = cipher.seal("r", 1, "same");
        SecretCipher.Sealed two = cipher.seal("r", 1, "same");
        assertFalse(java.util.Arrays.equals(one.nonce(), two.nonce()));
        assertFalse(java.util.Arrays.equals(one.ciphertext(), two.ciphertext()));
    }

    @Test
    void aCiphertextMovedToAnotherRefOrVersionFailsToOpen() {
        SecretCipher cipher = cipher("k1", KEY_A, Map.of());
        SecretCipher.Sealed sealed = cipher.seal("agent-bridge.serviceKey.a", 1, "key-of-a");
        assertThrows(SecretCipher.SecretUnreadableException.class,
                () -> cipher.open("agent-bridge.serviceKey.b", 1, "k1", sealed.nonce(), sealed.ciphertext()));
        assertThrows(SecretCipher.SecretUnreadableException.class,
                () -> cipher.open("agent-bridge.serviceKey.a", 2, "k1", sealed.nonce(), sealed.ciphertext()));
    }

    @Test
    void rotatedKeysStillOpenWhatTheySealed() {
        SecretCipher.Sealed old = cipher("k1", KEY_A, Map.of()).seal("r", 1, "old value");
        SecretCipher rotated = cipher("k2", KEY_B, Map.of("k1", KEY_A));
        assertEquals("old value", rotated.open("r", 1, "k1", old.nonce(), old.ciphertext()));
        assertEquals("k2", rotated.seal("r", 2, "new").keyId());
        SecretCipher withoutOldKey = cipher("k2", KEY_B, Map.of());
        SecretCipher.SecretUnreadableException e = assertThrows(SecretCipher.SecretUnreadableException.class,
                () -> withoutOldKey.open("r", 1, "k1", old.nonce(), old.ciphertext()));
        assertTrue(e.getMessage().contains("'k1'"));
    }

    @Test
    void theMasterKeyMustBe32BytesOfBase64AndNotTheDevKeyInADeployment() {
        assertEquals(List.of(), MasterKeys.problems(Optional.of(KEY_A), false));
        assertEquals(List.of("af.secrets.master-key (AF_SECRETS_MASTER_KEY) is not set"),
                MasterKeys.problems(Optional.empty(), false));
        assertEquals(List.of("af.secrets.master-key (AF_SECRETS_MASTER_KEY) is not valid base64"),
                MasterKeys.problems(Optional.of("%%%"), false));
        assertEquals(List.of("af.secrets.master-key (AF_SECRETS_MASTER_KEY) must decode to 32 bytes, not 5"),
                MasterKeys.problems(Optional.of(Base64.getEncoder().encodeToString("short".getBytes())), true));
        assertEquals(List.of("af.secrets.master-key (AF_SECRETS_MASTER_KEY) is the public development key of deploy/local/dev.env"),
                MasterKeys.problems(Optional.of(MasterKeys.DEV_KEY), false));
        assertEquals(List.of(), MasterKeys.problems(Optional.of(MasterKeys.DEV_KEY), true));
    }

    @Test
    void theDevKeyConstantIsTheOneInDevEnv() throws Exception {
        java.nio.file.Path devEnv = java.nio.file.Path.of("../deploy/local/dev.env");
        assertTrue(java.nio.file.Files.readString(devEnv).contains("AF_SECRETS_MASTER_KEY=" + MasterKeys.DEV_KEY));
    }

    static SecretCipher cipher(String id, String key, Map<String, String> retired) {
        SecretsConfig config = new SecretsConfig() {
            public Optional<String> masterKey() { return Optional.of(key); }
            public String masterKeyId() { return id; }
            public Map<String, String> retiredKeys() { return retired; }
        };
        return new SecretCipher(new MasterKeys(config));
    }
}
