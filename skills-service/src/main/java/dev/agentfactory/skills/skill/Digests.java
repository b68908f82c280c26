package dev.agentfactory.skills.skill;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 of files and bundles. */
public final class Digests {

    private Digests() {
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The bundle digest: {@code sha256:} + SHA-256 over {@code path \n sha256 \n} of every file in path order.
     * Paths cannot contain a newline, so the encoding is unambiguous.
     */
    public static String bundleDigest(List<BundleModels.SkillFile> sortedFiles) {
        StringBuilder canonical = new StringBuilder();
        sortedFiles.forEach(f -> canonical.append(f.path()).append('\n').append(f.sha256()).append('\n'));
        return "sha256:" + sha256Hex(canonical.toString());
    }
}
