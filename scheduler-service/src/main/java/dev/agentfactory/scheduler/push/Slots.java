package dev.agentfactory.scheduler.push;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Fixed schedule slots: one local time of day in an IANA zone, on the given ISO weekdays (1 = Monday) and/or
 * days of month; with neither, every day. A date matches when its weekday OR its day of month is listed (as
 * in cron). Local times skipped by a DST change move forward by the gap, repeated ones use the earlier offset.
 */
public record Slots(LocalTime time, ZoneId zone, List<Integer> weekdays, List<Integer> daysOfMonth) {

    public boolean matches(LocalDate date) {
        if (weekdays.isEmpty() && daysOfMonth.isEmpty()) {
            return true;
        }
        DayOfWeek day = date.getDayOfWeek();
        return weekdays.contains(day.getValue()) || daysOfMonth.contains(date.getDayOfMonth());
    }

    /** Slot instants in (after, until], ascending. */
    public List<Instant> between(Instant after, Instant until) {
        List<Instant> slots = new ArrayList<>();
        LocalDate first = after.atZone(zone).toLocalDate().minusDays(1);
        LocalDate last = until.atZone(zone).toLocalDate().plusDays(1);
        for (LocalDate date = first; !date.isAfter(last); date = date.plusDays(1)) {
            if (!matches(date)) {
                continue;
            }
            Instant slot = date.atTime(time).atZone(zone).toInstant();
            if (slot.isAfter(after) && !slot.isAfter(until)) {
                slots.add(slot);
            }
        }
        return slots;
    }

    /** The first slot after the instant, looking up to 400 days ahead; null when none (e.g. only day 31 …). */
    public Instant next(Instant after) {
        for (int window = 0; window < 400; window += 40) {
            List<Instant> found = between(after.plusSeconds(window * 86400L), after.plusSeconds((window + 40) * 86400L));
            if (!found.isEmpty()) {
                return found.get(0);
            }
        }
        return null;
    }
}
