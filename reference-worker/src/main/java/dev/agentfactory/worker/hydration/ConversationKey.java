package dev.agentfactory.worker.hydration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Exactly the tuple a snapshot belongs to: workspace + agent + conversation. */
public record ConversationKey(String workspaceId, String agentKey, String conversationId) {

    /** A file-system-safe, collision-resistant directory name for this tuple. */
    public String dirName() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] d = md.digest((workspaceId + "\n" + agentKey + "\n" + conversationId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
