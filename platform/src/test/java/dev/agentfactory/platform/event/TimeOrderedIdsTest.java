package dev.agentfactory.platform.event;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeOrderedIdsTest {

    @Test
    void anIdIsVersion7WithTheRfcVariantAndCarriesItsMillisecond() {
        Instant moment = Instant.parse("2026-12-01T21:30:00.123456789Z");
        UUID id = TimeOrderedIds.at(moment);
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(moment.toEpochMilli(), id.getMostSignificantBits() >>> 16);
        // the first 12 hex digits are the milliseconds, as any reader of a version 7 id decodes them
        assertEquals(String.format("%012x", moment.toEpochMilli()), id.toString().replace("-", "").substring(0, 12));
    }

    @Test
    void laterMomentsSortAfterEarlierOnesAsTextAndAsBytes() {
        Instant start = Instant.parse("2026-12-01T21:30:00Z");
        String previous = TimeOrderedIds.at(start).toString();
        // steps below a millisecond use the fraction bits; larger ones the millisecond field
        for (long micros : new long[] {1, 300, 999, 1_000, 1_001, 86_400_000_000L}) {
            String later = TimeOrderedIds.at(start.plusNanos(micros * 1_000)).toString();
            assertTrue(later.compareTo(previous) > 0, later + " should sort after " + previous);
            previous = later;
        }
    }

    @Test
    void idsOfTheSameMomentDiffer() {
        Instant moment = Instant.now();
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(TimeOrderedIds.at(moment));
        }
        assertEquals(10_000, ids.size());
    }
}
