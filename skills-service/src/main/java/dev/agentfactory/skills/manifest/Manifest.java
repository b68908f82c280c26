package dev.agentfactory.skills.manifest;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

/**
 * A rendered manifest: the exact bytes served and their version (SHA-256 of the bytes, the strong ETag).
 * {@link #buffer()} holds the bytes once, off-heap and never released, so every response writes the same
 * memory instead of copying 100 KB per request.
 */
public record Manifest(String channel, byte[] body, String version, Buffer buffer) {

    public Manifest(String channel, byte[] body, String version) {
        this(channel, body, version, Buffer.buffer(Unpooled.unreleasableBuffer(
                Unpooled.directBuffer(body.length, body.length).writeBytes(body).asReadOnly())));
    }

    public String etag() {
        return "\"" + version + "\"";
    }

    /** RFC 9110 If-None-Match: true when any listed tag (weak comparison) or {@code *} matches. */
    public boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag())) {
                return true;
            }
        }
        return false;
    }
}
