package dev.agentfactory.worker.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.worker.Http;
import dev.agentfactory.worker.Json;
import dev.agentfactory.worker.Log;
import dev.agentfactory.worker.engine.Engine;
import dev.agentfactory.worker.engine.EngineException;
import dev.agentfactory.worker.hydration.ConversationKey;
import dev.agentfactory.worker.hydration.HydrationBundle;
import dev.agentfactory.worker.hydration.RecentTurns;
import dev.agentfactory.worker.hydration.Turn;
import dev.agentfactory.worker.queue.ClaimAnswer;
import dev.agentfactory.worker.queue.Job;
import dev.agentfactory.worker.queue.LeaseLostException;
import dev.agentfactory.worker.queue.QueueClient;
import dev.agentfactory.worker.skills.SkillsIntegrityException;
import dev.agentfactory.worker.skills.SkillsSync;
import dev.agentfactory.worker.snapshot.ConversationDirs;
import dev.agentfactory.worker.snapshot.SnapshotRestorer;
import dev.agentfactory.worker.telegram.TelegramClient;
import dev.agentfactory.worker.telegram.TelegramException;

import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs one leased job: hydration → snapshot restore → skills → engine → Telegram reply → complete. Failures end in
 * {@code fail} (retryable or not, by cause); a lost lease abandons the job without further calls.
 */
final class JobProcessor {

    /** What the worker does with a job, its collaborators bundled. */
    record Parts(QueueClient queue, SnapshotRestorer restorer, SkillsSync skills, Engine engine, TelegramClient telegram,
                 ConversationDirs dirs, RecentTurns turns) {
    }

    private final Parts p;

    JobProcessor(Parts parts) {
        this.p = parts;
    }

    /** Processes {@code job} under {@code lease}; returns what complete answered (the next job when claimNext). */
    ClaimAnswer process(Job job, LeaseKeeper lease, BooleanSupplier claimNext, long waitMs) throws InterruptedException {
        try {
            return run(job, lease, claimNext, waitMs);
        } catch (LeaseLostException e) {
            Log.warn("job " + job.messageId() + " abandoned: " + e.getMessage());
        } catch (SkillsIntegrityException e) {
            fail(job, e.getMessage(), true);
        } catch (EngineException e) {
            fail(job, "engine " + p.engine().name() + ": " + e.getMessage(), e.retryable());
        } catch (TelegramException e) {
            fail(job, e.getMessage(), e.retryable());
        } catch (NoBotTokenException e) {
            fail(job, e.getMessage(), false);
        } catch (Http.UnexpectedStatusException e) {
            fail(job, e.getMessage(), true);
        } catch (InterruptedException e) {
            fail(job, "worker interrupted", true);
            throw e;
        } catch (Exception e) {
            fail(job, e.getClass().getSimpleName() + ": " + e.getMessage(), true);
        }
        return ClaimAnswer.NOTHING;
    }

    private ClaimAnswer run(Job job, LeaseKeeper lease, BooleanSupplier claimNext, long waitMs) throws Exception {
        HydrationBundle bundle = p.queue().hydration(job.leaseId());
        ConversationKey key = new ConversationKey(job.workspaceId(), job.agentKey(), job.conversationId());
        p.restorer().restore(key, bundle.snapshot());
        p.skills().ensure(bundle.manifestVersion());
        lease.check();

        String text = job.text() == null ? "" : job.text();
        List<Turn> recent = p.turns().read(bundle.hydrationCache());
        Transcript transcript = new Transcript(p.dirs().dataDir(key));
        String already = transcript.replyTo(job.messageId());
        String reply = already != null ? already : p.engine().reply(text, recent);
        lease.check();

        Long chatId = job.telegramChatId();
        List<Long> sent = List.of();
        if (chatId != null && already == null) {
            String token = bundle.botToken();
            if (token == null) {
                throw new NoBotTokenException("no telegram.botToken in the runtime profile of agent " + job.agentKey());
            }
            sent = p.telegram().sendMessage(token, chatId, reply, job.telegramMessageId(), lease::check);
        }
        Instant now = Instant.now();
        List<Turn> added = List.of(new Turn(Turn.USER, text, job.messageId(), now),
                new Turn(Turn.ASSISTANT, reply, job.messageId(), now));
        if (already == null) {
            transcript.append(added);
        }
        p.dirs().markDirty(key);
        lease.check();

        ObjectNode result = Json.MAPPER.createObjectNode().put("engine", p.engine().name()).put("reply", reply)
                .put("replied", chatId != null).put("reusedReply", already != null);
        if (chatId != null) {
            result.putObject("telegram").put("chatId", chatId).set("messageIds", Json.MAPPER.valueToTree(sent));
        }
        ClaimAnswer answer = p.queue().complete(job.leaseId(), result, p.turns().delta(recent, added),
                claimNext.getAsBoolean(), waitMs).excludingLease(job.leaseId());
        Log.info("completed " + job.messageId() + " (attempt " + job.attempt() + ", conversation "
                + job.conversationId() + (chatId == null ? ", no reply channel" : ", replied") + ")");
        return answer;
    }

    private void fail(Job job, String error, boolean retryable) throws InterruptedException {
        Log.warn("job " + job.messageId() + " failed (" + (retryable ? "retryable" : "final") + "): " + error);
        try {
            var answer = p.queue().fail(job.leaseId(), error, retryable);
            Log.info("fail of " + job.messageId() + " → " + answer.outcome());
        } catch (LeaseLostException e) {
            Log.warn(e.getMessage());
        } catch (java.io.IOException | RuntimeException e) {
            Log.error("could not report the failure of " + job.messageId() + "; the lease will expire", e);
        }
    }

    /** A Telegram message arrived but the agent has no bot token to answer with. */
    static final class NoBotTokenException extends RuntimeException {
        NoBotTokenException(String message) {
            super(message);
        }
    }
}
