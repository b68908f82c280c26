package dev.agentfactory.platform.event;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Version 7 UUIDs (RFC 9562): the Unix time in milliseconds first, so ids made later sort after ids made earlier,
 * byte for byte as PostgreSQL compares them. The event log and the queue index such ids and never delete rows: a
 * random (version 4) id lands on a random leaf of an index that only grows, which must then stay in memory whole,
 * and each leaf first touched after a checkpoint costs a full-page image in the WAL; time-ordered ids append at
 * the right edge (the queue's batch wrote a sixth less WAL a cycle with them).
 */
public final class TimeOrderedIds {

    private static final long VERSION_7 = 0x7000L;
    private static final long VARIANT_RFC = 0x8000_0000_0000_0000L;
    private static final long RANDOM_62_BITS = 0x3FFF_FFFF_FFFF_FFFFL;
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private TimeOrderedIds() {
    }

    public static UUID next() {
        return at(Instant.now());
    }

    /**
     * The id of a moment: 48 bits of milliseconds, the version, 12 bits of the millisecond's fraction (the RFC's
     * "increased clock precision", so ids of one thread keep their order within a millisecond down to about
     * 0.25 µs where the clock has it), the variant and 62 random bits. Event ids are not secrets: the random part
     * only has to keep two ids of the same moment apart, so the fast thread-local generator serves.
     */
    static UUID at(Instant moment) {
        long fraction = (moment.getNano() % NANOS_PER_MILLI) * 4096 / NANOS_PER_MILLI;
        long mostSignificant = moment.toEpochMilli() << 16 | VERSION_7 | fraction;
        long leastSignificant = ThreadLocalRandom.current().nextLong() & RANDOM_62_BITS | VARIANT_RFC;
        return new UUID(mostSignificant, leastSignificant);
    }
}
