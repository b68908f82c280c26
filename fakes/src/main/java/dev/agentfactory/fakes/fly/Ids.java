package dev.agentfactory.fakes.fly;

import java.util.concurrent.ThreadLocalRandom;

/** Random identifiers shaped like Fly's. */
final class Ids {

    private static final String HEX = "0123456789abcdef";
    private static final String ALNUM = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final String[] ADJECTIVES = {"quirky", "bold", "calm", "damp", "eager", "fancy", "gentle", "hidden",
        "lively", "misty", "noisy", "proud", "quiet", "rapid", "shy", "tidy", "wild", "young"};
    private static final String[] NOUNS = {"river", "meadow", "forest", "cloud", "thunder", "snow", "field", "pond",
        "star", "wave", "wind", "shadow", "flower", "sun", "moon", "hill"};

    private Ids() {
    }

    /** 14 lowercase hex characters, like {@code d5683212a7918e}. */
    static String machineId() {
        return random(HEX, 14);
    }

    /** {@code vol_} and 16 lowercase alphanumerics. */
    static String volumeId() {
        return "vol_" + random(ALNUM, 16);
    }

    /** A 26-character ULID-like id, as instance ids and lease versions are. */
    static String ulid() {
        return random(CROCKFORD, 26);
    }

    static String nonce() {
        return random(HEX, 12);
    }

    static String appId() {
        return random(ALNUM, 20);
    }

    /** A 4-hex zone name such as {@code a7b2}. */
    static String zone() {
        return random(HEX, 4);
    }

    /** An IPv6 private address in Fly's fdaa:… 6PN range. */
    static String privateIp() {
        return "fdaa:0:" + random(HEX, 4) + ":a7b:" + random(HEX, 4) + ":" + random(HEX, 4) + ":" + random(HEX, 4) + ":2";
    }

    /** A generated machine name such as {@code quirky-river-1234}. */
    static String machineName() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return ADJECTIVES[r.nextInt(ADJECTIVES.length)] + "-" + NOUNS[r.nextInt(NOUNS.length)] + "-" + (1000 + r.nextInt(9000));
    }

    static String random(String alphabet, int length) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
