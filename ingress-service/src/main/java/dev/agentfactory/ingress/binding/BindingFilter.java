package dev.agentfactory.ingress.binding;

/** Which bindings {@code GET /v1/bindings} lists. */
public record BindingFilter(String consumerUserId, String agentKey, String botIdentity, Long telegramUserId,
                            boolean includeRevoked, int limit) {
}
