package dev.agentfactory.ingress.binding;

import java.time.Instant;
import java.util.UUID;

/** A binding as apps see it, with its state and the stable conversation it leads to. */
public record BindingView(UUID id, boolean active, String consumerUserId, String agentKey, String botIdentity,
                          long telegramUserId, Long telegramChatId, String source, String conversationId,
                          Instant createdAt, Instant revokedAt, String revokedBy, String revokeReason) {

    public static BindingView of(Binding b) {
        return new BindingView(b.id(), b.active(), b.consumerUserId(), b.agentKey(), b.botIdentity(),
                b.telegramUserId(), b.telegramChatId(), b.source(), b.conversationId(), b.createdAt(),
                b.revokedAt(), b.revokedBy(), b.revokeReason());
    }
}
