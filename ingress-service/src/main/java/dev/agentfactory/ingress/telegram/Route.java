package dev.agentfactory.ingress.telegram;

/**
 * Where an update goes: an agent and a conversation, or nowhere ({@code refusal} says why).
 *
 * @param consumerUserId set when the sender is bound
 */
public record Route(String agentKey, String conversationId, String consumerUserId, String refusal) {

    static Route to(String agentKey, String conversationId, String consumerUserId) {
        return new Route(agentKey, conversationId, consumerUserId, null);
    }

    static Route refused(String reason) {
        return new Route(null, null, null, reason);
    }
}
