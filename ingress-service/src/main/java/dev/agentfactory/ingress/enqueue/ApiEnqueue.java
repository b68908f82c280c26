package dev.agentfactory.ingress.enqueue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.ingress.catalog.AgentCatalog;
import dev.agentfactory.ingress.catalog.CatalogAgent;
import dev.agentfactory.ingress.config.IngressConfig;
import dev.agentfactory.ingress.conversation.ConversationIds;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.platform.event.NulText;
import dev.agentfactory.platform.event.TimeOrderedIds;
import dev.agentfactory.platform.http.IdempotencyKeys;
import dev.agentfactory.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The generic enqueue API: validates what Bean Validation cannot, honours {@code Idempotency-Key} (a repeat
 * answers the first outcome, a different body under the same key is rejected) and enqueues.
 */
@ApplicationScoped
public class ApiEnqueue {

    private static final Logger LOG = Logger.getLogger(ApiEnqueue.class);
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    /** How far ahead a message may be scheduled: beyond it, a time is a mistake (the queue would hold it forever). */
    static final Duration MAX_DELAY = Duration.ofDays(366);

    private final Enqueuer enqueuer;
    private final IdempotencyStore idempotency;
    private final AgentCatalog catalog;
    private final IngressConfig config;

    public ApiEnqueue(Enqueuer enqueuer, IdempotencyStore idempotency, AgentCatalog catalog, IngressConfig config) {
        this.enqueuer = enqueuer;
        this.idempotency = idempotency;
        this.catalog = catalog;
        this.config = config;
    }

    /** Enqueues on the caller's conversation. */
    public Uni<Accepted> toConversation(EnqueueRequest request, String idempotencyKey) {
        return enqueue(request.agentKey(), request.conversationId(), request.consumerUserId(), request.content(),
                idempotencyKey);
    }

    /** Enqueues on the stable conversation of a user and an agent. */
    public Uni<Accepted> toUserAgent(String consumerUserId, String agentKey, UserMessageRequest request,
                                     String idempotencyKey) {
        return enqueue(agentKey, ConversationIds.forUserAgent(consumerUserId, agentKey), consumerUserId,
                request.content(), idempotencyKey);
    }

    private Uni<Accepted> enqueue(String agentKey, String conversationId, String consumerUserId,
                                  MessageContent content, String idempotencyKey) {
        validate(agentKey, conversationId, consumerUserId, content, idempotencyKey);
        String workspace = content.workspaceId() != null ? content.workspaceId() : config.defaultWorkspace();
        if (idempotencyKey == null) {
            return publish(message("api:" + TimeOrderedIds.next(), workspace, agentKey, conversationId,
                    consumerUserId, content, null));
        }
        String requestHash = ConversationIds.digest(Json.write(new Fingerprint(agentKey, conversationId,
                consumerUserId, content)), 32);
        return idempotency.find(workspace, idempotencyKey)
                .onFailure().transform(error -> ProblemException.unavailable("database-unavailable",
                        "the Idempotency-Key cannot be checked now; send the request again later",
                        config.retryAfter()))
                .flatMap(known -> {
            if (known != null) {
                if (!known.requestHash().equals(requestHash)) {
                    return Uni.createFrom().failure(ProblemException.unprocessable("idempotency-key-reused",
                            "this Idempotency-Key was used for a different request"));
                }
                return Uni.createFrom().item(new Accepted(known.messageId(), known.conversationId(), true));
            }
            String messageId = "api:" + ConversationIds.digest(workspace + '\u0000' + idempotencyKey
                    + '\u0000' + requestHash, 32);
            return publish(message(messageId, workspace, agentKey, conversationId, consumerUserId, content,
                    idempotencyKey))
                    .call(accepted -> idempotency.save(workspace, idempotencyKey,
                                    new IdempotencyStore.Outcome(requestHash, messageId, conversationId))
                            .onFailure().invoke(e -> LOG.warnf("Idempotency-Key of %s not recorded: %s",
                                    messageId, e.toString()))
                            .onFailure().recoverWithNull());
        });
    }

    private Uni<Accepted> publish(MessageEnqueued message) {
        return enqueuer.enqueue(message).map(m -> new Accepted(m.messageId(), m.conversationId(), false));
    }

    private MessageEnqueued message(String messageId, String workspace, String agentKey, String conversationId,
                                    String consumerUserId, MessageContent content, String idempotencyKey) {
        int priority = content.priority() != null ? content.priority() : config.defaultPriority();
        return new MessageEnqueued(messageId, workspace, agentKey, conversationId, priority,
                content.availableAt(), "api", Instant.now(),
                new MessageEnqueued.Payload(content.text(), "api", content.payload(), null),
                consumerUserId, idempotencyKey);
    }

    private void validate(String agentKey, String conversationId, String consumerUserId, MessageContent content,
                          String idempotencyKey) {
        // checked here, not left to the queue's database: once on Kafka, a refusal could not reach the caller
        rejectNul("conversationId", NulText.contains(conversationId));
        rejectNul("consumerUserId", NulText.contains(consumerUserId));
        rejectNul("workspaceId", NulText.contains(content.workspaceId()));
        rejectNul("text", NulText.contains(content.text()));
        rejectNul("Idempotency-Key", NulText.contains(idempotencyKey));
        rejectNul("payload", NulText.contains(content.payload()));
        if (content.availableAt() != null && content.availableAt().isAfter(Instant.now().plus(MAX_DELAY))) {
            throw ProblemException.invalid("availableAt", "must be at most 366 days ahead");
        }
        if (content.text() == null && content.payload() == null) {
            throw ProblemException.invalid("text", "text or payload is required");
        }
        JsonNode payload = content.payload();
        if (payload != null) {
            if (!payload.isObject()) {
                throw ProblemException.invalid("payload", "must be a JSON object");
            }
            if (Json.write(payload).getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
                throw ProblemException.invalid("payload", "must be at most 256 KiB");
            }
        }
        IdempotencyKeys.check(idempotencyKey);
        CatalogAgent agent = catalog.agent(agentKey).orElse(null);
        if (agent != null && !agent.enabled()) {
            throw ProblemException.unprocessable("agent-disabled", "agent '" + agentKey + "' is disabled");
        }
    }

    private static void rejectNul(String field, boolean containsNul) {
        if (containsNul) {
            throw ProblemException.invalid(field, "must not contain the NUL character (U+0000)");
        }
    }

    /** What makes two requests "the same" for an Idempotency-Key. */
    private record Fingerprint(String agentKey, String conversationId, String consumerUserId,
                               MessageContent content) {
    }
}
