package dev.agentfactory.skills.crypto;

import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * AES-256-GCM with a random 12-byte nonce per value. The ref and version are bound as additional
 * authenticated data, so a ciphertext copied to another ref or version fails to open.
 */
@ApplicationScoped
public class SecretCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final MasterKeys keys;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(MasterKeys keys) {
        this.keys = keys;
    }

    public record Sealed(String keyId, byte[] nonce, byte[] ciphertext) {
    }

    public Sealed seal(String ref, int version, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.current(), nonce, ref, version);
            return new Sealed(keys.currentId(), nonce, cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal secret " + ref, e);
        }
    }

    public String open(String ref, int version, String keyId, byte[] nonce, byte[] ciphertext) {
        SecretKey key = keys.byId(keyId).orElseThrow(() -> new SecretUnreadableException(
                "secret " + ref + " v" + version + " was sealed with key '" + keyId + "', which is not configured"));
        try {
            byte[] plain = cipher(Cipher.DECRYPT_MODE, key, nonce, ref, version).doFinal(ciphertext);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SecretUnreadableException("secret " + ref + " v" + version + " failed authentication");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open secret " + ref, e);
        }
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String ref, int version)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(("af-secret\u0000" + ref + "\u0000" + version).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    /** A stored value that cannot be opened: tampered, moved, or sealed with a key that is gone. */
    public static class SecretUnreadableException extends RuntimeException {
        public SecretUnreadableException(String message) {
            super(message);
        }
    }
}
