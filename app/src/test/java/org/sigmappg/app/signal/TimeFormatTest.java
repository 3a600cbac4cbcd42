package org.sigmappg.app.signal;

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
    void tickDecimalsFollowTheSpan() {
        assertEquals("2:00", TimeFormat.tick(120, 600));
        assertEquals("2:00.0", TimeFormat.tick(120, 30));
        assertEquals("2:00.50", TimeFormat.tick(120.5, 2));
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

    @Test
    void valueTicksAreNeverScientific() {
        assertEquals("250,000", TimeFormat.value(250_000, 300_000));
        assertEquals("0.35", TimeFormat.value(0.35, 0.5));
        assertEquals("0", TimeFormat.value(-0.0, 10));
    }
}
