package dev.agentfactory.scheduler.push;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SlotsTest {

    static final ZoneId ROME = ZoneId.of("Europe/Rome");

    @Test
    void everyDayWithoutWeekdaysOrDays() {
        Slots slots = new Slots(LocalTime.of(9, 30), ROME, List.of(), List.of());
        assertEquals(List.of(Instant.parse("2026-01-05T08:30:00Z"), Instant.parse("2026-01-06T08:30:00Z")),
                slots.between(Instant.parse("2026-01-05T00:00:00Z"), Instant.parse("2026-01-06T23:00:00Z")));
    }

    @Test
    void weekdaysOrDaysOfMonthMatch() {
        // 2026-01-05 is a Monday; Friday the 9th; the 15th is a Thursday
        Slots slots = new Slots(LocalTime.of(8, 0), ZoneId.of("UTC"), List.of(1, 5), List.of(15));
        assertEquals(List.of(Instant.parse("2026-01-05T08:00:00Z"), Instant.parse("2026-01-09T08:00:00Z"),
                        Instant.parse("2026-01-12T08:00:00Z"), Instant.parse("2026-01-15T08:00:00Z")),
                slots.between(Instant.parse("2026-01-04T00:00:00Z"), Instant.parse("2026-01-15T12:00:00Z")));
    }

    @Test
    void windowIsExclusiveBeforeInclusiveAfter() {
        Slots slots = new Slots(LocalTime.of(10, 0), ZoneId.of("UTC"), List.of(), List.of());
        Instant slot = Instant.parse("2026-03-01T10:00:00Z");
        assertEquals(List.of(slot), slots.between(slot.minusSeconds(3600), slot));
        assertEquals(List.of(), slots.between(slot, slot.plusSeconds(3600)));
    }

    @Test
    void followsTheZoneAcrossDaylightSaving() {
        Slots slots = new Slots(LocalTime.of(9, 0), ROME, List.of(), List.of());
        assertEquals(Instant.parse("2026-03-28T08:00:00Z"), slots.next(Instant.parse("2026-03-28T00:00:00Z")));
        assertEquals(Instant.parse("2026-03-29T07:00:00Z"), slots.next(Instant.parse("2026-03-29T00:00:00Z")));
        Slots skipped = new Slots(LocalTime.of(2, 30), ROME, List.of(), List.of());
        assertEquals(Instant.parse("2026-03-29T01:30:00Z"), skipped.next(Instant.parse("2026-03-29T00:00:00Z")),
                "02:30 does not exist that night and moves forward by the gap");
    }

    @Test
    void aDayThatNeverComesHasNoNextSlot() {
        Slots slots = new Slots(LocalTime.of(9, 0), ROME, List.of(), List.of(31));
        assertEquals(Instant.parse("2026-01-31T08:00:00Z"), slots.next(Instant.parse("2026-01-01T00:00:00Z")));
    }
}
