package dev.agentfactory.ingress.telegram;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of a 200 webhook answer; Telegram ignores it, people reading logs and tests do not. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookReply(boolean ok, String messageId, String conversationId, String agentKey, String ignored,
                           Boolean duplicate, String error) {

    static WebhookReply enqueued(String messageId, String conversationId, String agentKey) {
        return new WebhookReply(true, messageId, conversationId, agentKey, null, null, null);
    }

    static WebhookReply duplicateOf(String messageId) {
        return new WebhookReply(true, messageId, null, null, null, true, null);
    }

    static WebhookReply ignoredAs(String reason) {
        return new WebhookReply(true, null, null, null, reason, null, null);
    }

    static WebhookReply paired(String agentKey) {
        return new WebhookReply(true, null, null, agentKey, null, null, null);
    }

    static WebhookReply failed(String error) {
        return new WebhookReply(false, null, null, null, null, null, error);
    }
}
