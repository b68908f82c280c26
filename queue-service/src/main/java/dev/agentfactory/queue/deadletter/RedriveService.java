package dev.agentfactory.queue.deadletter;

import dev.agentfactory.platform.problem.ProblemException;
import dev.agentfactory.queue.claim.AfterCommit;
import dev.agentfactory.queue.claim.HandOff;
import dev.agentfactory.queue.depth.DepthTracker;
import dev.agentfactory.queue.event.LifecycleData;
import dev.agentfactory.queue.event.LifecycleEvents;
import dev.agentfactory.queue.event.MessageRef;
import dev.agentfactory.queue.lease.HeadStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Puts a dead letter back into its conversation as a fresh message (attempt 0, claimable now) in the place its
 * sequence gives it, which makes it the conversation's next head: at once when the conversation is free, after the
 * message being worked on otherwise.
 */
@ApplicationScoped
public class RedriveService {

    private final Pool pool;
    private final DeadLetterStore store;
    private final HeadStore heads;
    private final LifecycleEvents events;
    private final HandOff handOff;
    private final DepthTracker depth;

    public RedriveService(Pool pool, DeadLetterStore store, HeadStore heads, LifecycleEvents events,
                          HandOff handOff, DepthTracker depth) {
        this.pool = pool;
        this.store = store;
        this.heads = heads;
        this.events = events;
        this.handOff = handOff;
        this.depth = depth;
    }

    /** @throws ProblemException 404 for an unknown message, 409 for one that is not dead-lettered */
    public Uni<MessageRef> redrive(String messageId) {
        AfterCommit after = new AfterCommit();
        Uni<MessageRef> redriven = pool.withTransaction(tx -> store.requeue(tx, messageId).chain(ref -> ref == null
                ? refusal(tx, messageId)
                : heads.refresh(tx, ref.conversationId())
                        .call(next -> handOff.headChanged(tx, next,
                                List.of(events.event(LifecycleEvents.REDRIVEN, LifecycleData.of(ref))), after))
                        .replaceWith(ref)));
        return handOff.settle(redriven, after).invoke(ref -> depth.changed(ref.workspaceId()));
    }

    private Uni<MessageRef> refusal(SqlClient tx, String messageId) {
        return store.status(tx, messageId).map(status -> {
            throw status == null ? ProblemException.notFound("no message " + messageId)
                    : ProblemException.conflict("not-dead-lettered", "message " + messageId + " is " + status);
        });
    }
}
