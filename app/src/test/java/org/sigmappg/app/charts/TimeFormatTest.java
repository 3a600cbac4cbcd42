package org.sigmappg.app.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TimeFormatTest {
    @Test
    void clockStyle() {
        assertEquals("0:00", TimeFormat.clock(0, 0));
        assertEquals("1:05", TimeFormat.clock(65, 0));
        assertEquals("1:00:00", TimeFormat.clock(3600, 0));
        assertEquals("23:59:59", TimeFormat.clock(86_399, 0));
        assertEquals("3:23.5", TimeFormat.clock(203.5, 1));
        assertEquals("0:00.25", TimeFormat.clock(0.25, 2));
        assertEquals("1:00.0", TimeFormat.clock(59.96, 1));
    }

    @Test
    void tickDecimalsFollowTheStep() {
        assertEquals("2:00", TimeFormat.tick(120, 60, TimeFormat.Style.MINUTES));
        assertEquals("2:00.0", TimeFormat.tick(120, 0.5, TimeFormat.Style.MINUTES));
        assertEquals("2:00.50", TimeFormat.tick(120.5, 0.05, TimeFormat.Style.MINUTES));
        assertEquals("0:30:00", TimeFormat.tick(1800, 600, TimeFormat.Style.HOURS), "an hours axis shows the hours on every label");
        assertEquals("1:30:00", TimeFormat.tick(5400, 600, TimeFormat.Style.HOURS));
    }

    @Test
    void aRecordUnderAMinuteReadsInSeconds() {
        // A PPG-BP segment is 2.1 s long: its ticks read 0.5, 1.0, 1.5, not 0:00.50.
        assertEquals(TimeFormat.Style.SECONDS, TimeFormat.Style.of(2.1));
        assertEquals(TimeFormat.Style.MINUTES, TimeFormat.Style.of(600));
        assertEquals(TimeFormat.Style.HOURS, TimeFormat.Style.of(86_400));
        assertEquals("0.5", TimeFormat.tick(0.5, 0.5, TimeFormat.Style.SECONDS));
        assertEquals("0.0", TimeFormat.tick(0, 0.5, TimeFormat.Style.SECONDS));
        assertEquals("1.25", TimeFormat.tick(1.25, 0.05, TimeFormat.Style.SECONDS));
        assertEquals("12", TimeFormat.tick(12, 2, TimeFormat.Style.SECONDS));
        assertEquals("time from record start (s)", TimeFormat.Style.SECONDS.axisTitle());
        assertEquals("time from record start (m:ss)", TimeFormat.Style.MINUTES.axisTitle());
    }

    @Test
    void durations() {
        assertEquals("2.1 s", TimeFormat.duration(2.1));
        assertEquals("16 s", TimeFormat.duration(16));
        assertEquals("10 min", TimeFormat.duration(600));
        assertEquals("5 min 30 s", TimeFormat.duration(330));
        assertEquals("24 h", TimeFormat.duration(86_400));
    }

    @Test
    void tickUnitsAreClockFriendly() {
        assertEquals(60, TimeFormat.tickUnit(600, 14));
        assertEquals(5, TimeFormat.tickUnit(40, 12));
        assertEquals(7200, TimeFormat.tickUnit(86_400, 12));
        assertEquals(0.2, TimeFormat.tickUnit(2, 12));
    }
}
