package dev.agentfactory.scheduler.push;

import dev.agentfactory.platform.event.EventFactory;
import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.outbox.Outbox;
import dev.agentfactory.scheduler.support.EnqueuedMessage;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Dispatches due push slots: every slot in (at - lookback, at + horizon] of every enabled job becomes one
 * {@code message.enqueued} (origin push, messageId {@code push:<jobId>:<slot>}, availableAt = the slot when it
 * lies ahead). The dispatch row and the outbox event commit together, and the (job, slot) key makes a rerun
 * or a concurrent dispatcher a no-op.
 */
@ApplicationScoped
public class PushDispatcher {

    private final Pool pool;
    private final PushJobStore store;
    private final PushConfig config;
    private final Outbox outbox;
    private final EventFactory events;

    public PushDispatcher(Pool pool, PushJobStore store, PushConfig config, Outbox outbox, EventFactory events) {
        this.pool = pool;
        this.store = store;
        this.config = config;
        this.outbox = outbox;
        this.events = events;
    }

    public record Report(Instant at, String trigger, int jobs, int dueSlots, int dispatched, int alreadyDispatched,
                         List<String> messageIds) {
    }

    @Scheduled(cron = "${af.scheduler.push.cron:0 0 * * * ?}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> hourly() {
        return dispatch(Instant.now(), "cron").replaceWithVoid();
    }

    public Uni<Report> dispatch(Instant at, String trigger) {
        Instant from = at.minus(config.lookback());
        Instant until = at.plus(config.horizon());
        return store.list(pool, null, true).chain(jobs -> {
            List<Due> due = new ArrayList<>();
            for (PushJob job : jobs) {
                for (Instant slot : PushJobStore.slots(job.schedule()).between(from, until)) {
                    due.add(new Due(job, slot));
                }
            }
            return Multi.createFrom().iterable(due)
                    .onItem().transformToUniAndConcatenate(d -> send(d, at, trigger))
                    .collect().asList()
                    .map(sent -> {
                        List<String> ids = sent.stream().filter(id -> id != null).toList();
                        return new Report(at, trigger, jobs.size(), due.size(), ids.size(), due.size() - ids.size(), ids);
                    });
        });
    }

    /** @return the messageId when this call sent it, null when the slot was dispatched before */
    private Uni<String> send(Due due, Instant at, String trigger) {
        PushJob job = due.job();
        String messageId = "push:" + job.jobId() + ":" + due.slot();
        Instant now = Instant.now();
        EnqueuedMessage message = new EnqueuedMessage(messageId, job.workspaceId(), job.agentKey(),
                job.conversationId(), config.priority(), due.slot().isAfter(at) ? due.slot() : null, "push", now,
                new EnqueuedMessage.Payload(job.text(), "push", job.data()), job.consumerUserId());
        return pool.withTransaction(tx -> store.claimSlot(tx, job, due.slot(), messageId, trigger, now)
                .chain(mine -> mine
                        ? outbox.append(tx, Topics.MESSAGES_ENQUEUED,
                                events.create("message.enqueued", job.conversationId(), message)).replaceWith(messageId)
                        : Uni.createFrom().nullItem()));
    }

    private record Due(PushJob job, Instant slot) {
    }
}
