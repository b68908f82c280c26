package dev.agentfactory.ingress.conversation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Conversation identity. A user talking to an agent keeps one opaque id, derived from consumerUserId +
 * agentKey only, so pairing a new Telegram account (or none) never moves the chat to another history; an
 * unbound Telegram chat gets an id derived from the bot and the chat.
 */
public final class ConversationIds {

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int STABLE_CHARS = 26; // 130 bits of the digest

    private ConversationIds() {
    }

    /** {@code cv_} + 26 base32 characters of sha256(consumerUserId NUL agentKey). */
    public static String forUserAgent(String consumerUserId, String agentKey) {
        return "cv_" + base32(sha256(consumerUserId + '\u0000' + agentKey), STABLE_CHARS);
    }

    /** {@code tg:<botIdentity>:chat:<chatId>}. */
    public static String forTelegramChat(String botIdentity, long chatId) {
        return "tg:" + botIdentity + ":chat:" + chatId;
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 4648 base32 (lowercase, no padding) of the leading bits of {@code bytes}. */
    public static String base32(byte[] bytes, int chars) {
        StringBuilder out = new StringBuilder(chars);
        int buffer = 0;
        int bits = 0;
        int index = 0;
        while (out.length() < chars) {
            if (bits < 5) {
                buffer = (buffer << 8) | (index < bytes.length ? bytes[index++] & 0xff : 0);
                bits += 8;
            }
            out.append(BASE32[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
        return out.toString();
    }

    /** Deterministic id from any text (for Idempotency-Key derived message ids). */
    public static String digest(String value, int chars) {
        return base32(sha256(value), chars);
    }
}
