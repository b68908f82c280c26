package dev.agentfactory.scheduler.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A deterministic, bursty trace: background conversations plus bursts (a broadcast answered by many users at
 * once), each conversation sending several messages in quick succession per turn.
 */
public final class Trace {

    /** One inbound message: when it arrives, its conversation, and how long a worker needs for it. */
    public record Message(int id, long arrivalSecond, int conversation, int serviceSeconds) {
    }

    private Trace() {
    }

    public static List<Message> bursty(long seed, long durationSeconds) {
        Random random = new Random(seed);
        List<Message> messages = new ArrayList<>();
        int conversation = 0;
        // background: a new conversation every ~90 s on average
        for (long t = 0; t < durationSeconds; t += 1 + (long) (-Math.log(1 - random.nextDouble()) * 90)) {
            addConversation(messages, random, conversation++, t);
        }
        // bursts: every 20–40 min, 10–30 conversations start within two minutes
        for (long t = 600; t < durationSeconds; t += 1200 + random.nextInt(1200)) {
            int size = 10 + random.nextInt(21);
            for (int i = 0; i < size; i++) {
                addConversation(messages, random, conversation++, t + random.nextInt(120));
            }
        }
        messages.sort(Comparator.comparingLong(Message::arrivalSecond).thenComparingInt(Message::conversation));
        List<Message> numbered = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            numbered.add(new Message(i, m.arrivalSecond(), m.conversation(), m.serviceSeconds()));
        }
        return numbered;
    }

    /**
     * A conversation: 1–3 turns; in each turn the user sends 2–5 messages a few seconds apart (a thought split
     * over several chat messages), then reads the replies and thinks 30–150 s before the next turn.
     */
    private static void addConversation(List<Message> messages, Random random, int conversation, long start) {
        int turns = 1 + random.nextInt(3);
        long t = start;
        for (int turn = 0; turn < turns; turn++) {
            int count = 2 + random.nextInt(4);
            for (int i = 0; i < count; i++) {
                messages.add(new Message(-1, t, conversation, 8 + random.nextInt(23))); // 8..30 s of agent work
                t += 1 + random.nextInt(6);
            }
            t += 30 + random.nextInt(121);
        }
    }
}
