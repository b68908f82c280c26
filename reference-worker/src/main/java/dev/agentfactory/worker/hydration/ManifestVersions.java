package dev.agentfactory.worker.hydration;

/** ETag values compare without the weak prefix and the quotes: {@code W/"abc"}, {@code "abc"} and {@code abc} match. */
public final class ManifestVersions {

    private ManifestVersions() {
    }

    public static String normalize(String etag) {
        if (etag == null) {
            return null;
        }
        String v = etag.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return v;
    }
}
