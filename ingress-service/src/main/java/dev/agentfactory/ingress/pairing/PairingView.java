package dev.agentfactory.ingress.pairing;

import java.time.Instant;
import java.util.UUID;

/** A pairing code as apps see it: with its status and the deep link that sends it. */
public record PairingView(String code, String status, String botIdentity, String agentKey, String consumerUserId,
                          String deepLink, Instant createdAt, Instant expiresAt, Instant consumedAt,
                          Long telegramUserId, Long telegramChatId, UUID bindingId) {

    static PairingView of(PairingCode code) {
        return new PairingView(code.code(), code.status(), code.botIdentity(), code.agentKey(),
                code.consumerUserId(), code.deepLink(), code.createdAt(), code.expiresAt(), code.consumedAt(),
                code.telegramUserId(), code.telegramChatId(), code.bindingId());
    }
}
