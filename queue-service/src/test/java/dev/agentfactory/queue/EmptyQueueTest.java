package dev.agentfactory.queue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test that starts from an empty queue and, whatever it did, ends with every conversation's queued count equal
 * to its queued messages (the depth sums those counts, so a drift would misreport it).
 */
abstract class EmptyQueueTest {

    @BeforeEach
    void startFromAnEmptyQueue() {
        QueueTestSupport.reset();
    }

    @AfterEach
    void queuedCountsStayExact() {
        QueueTestSupport.assertQueuedCountsMatchMessages();
    }
}
