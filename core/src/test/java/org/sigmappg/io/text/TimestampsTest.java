package org.sigmappg.io.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** The hand-written date-time parser against java.time's own ISO parser. */
class TimestampsTest {
    @Test
    void agreesWithJavaTimeOnTheFormatsLoggersWrite() {
        assertEquals(Instant.parse("2016-11-24T13:58:58.081Z"), Timestamps.parse("2016-11-24 13:58:58.081000"));
        assertEquals(Instant.parse("2016-11-24T13:58:58Z"), Timestamps.parse("2016-11-24 13:58:58"));
        assertEquals(Instant.parse("2016-11-24T13:58:00Z"), Timestamps.parse("2016-11-24T13:58"));
        assertEquals(Instant.parse("2016-11-24T00:00:00Z"), Timestamps.parse("2016-11-24"));
        assertEquals(Instant.parse("2024-02-29T23:59:59.123456789Z"), Timestamps.parse("2024-02-29T23:59:59.123456789Z"));
        assertEquals(OffsetDateTime.parse("2024-03-01T11:00:00.5+01:00").toInstant(), Timestamps.parse("2024-03-01T11:00:00.5+01:00"));
        assertEquals(OffsetDateTime.parse("2024-03-01T05:30:00-04:30").toInstant(), Timestamps.parse("2024-03-01 05:30:00-0430"));
        assertEquals(Instant.parse("2024-03-01T10:00:00.250Z"), Timestamps.parse("2024/03/01 10:00:00,25"));
    }

    @Test
    void refusesWhatIsNotADateTime() {
        for (String s : new String[] {"", "12.5", "2438", "2024-13-01", "2024-02-30 00:00:00", "2024-01-01 25:00:00",
                "2024-01-01 10:00:00.", "2024-01-01 10:00:00.1234567891", "2024-01-01X10:00", "2024-01-01 10:00:00+1",
                "2024-01/01", "time"}) {
            assertNull(Timestamps.parse(s), s);
        }
    }

    @Test
    void tellsWhetherAnOffsetIsGiven() {
        assertFalse(Timestamps.hasOffset("2016-11-24 13:58:58.081000"));
        assertTrue(Timestamps.hasOffset("2016-11-24T13:58:58Z"));
        assertTrue(Timestamps.hasOffset("2016-11-24T13:58:58-05:00"));
    }

    @Test
    void clockTimesOfDayAreSecondsSinceMidnight() {
        assertEquals(9 * 3600 + 25 * 60 + 2, Timestamps.clockSeconds("09:25:02"));
        assertEquals(9 * 3600 + 25 * 60 + 2.5, Timestamps.clockSeconds("9:25:02.500"));
        assertEquals(23 * 3600 + 59 * 60 + 59.25, Timestamps.clockSeconds("23:59:59,25"));
        assertEquals(0.123456789, Timestamps.clockSeconds("00:00:00.123456789"), 1e-12);
        assertEquals(21 * 3600 + 25 * 60 + 2, Timestamps.clockSeconds("09:25:02 PM"));
        assertEquals(25 * 60 + 2, Timestamps.clockSeconds("12:25:02 am"), "12 AM is the hour after midnight");
        assertEquals(12 * 3600 + 25 * 60 + 2, Timestamps.clockSeconds("12:25:02 PM"), "12 PM is the hour after noon");
        for (String s : new String[] {"", "12:30", "24:00:00", "09:60:00", "09:25:60", "09:25:02.", "09:25:02.1234567891",
                "13:00:00 PM", "00:10:00 AM", "09:25:02PM", "009:25:02", "09-25-02", "2024-01-01 09:25:02", "0925:02"}) {
            assertTrue(Double.isNaN(Timestamps.clockSeconds(s)), s);
        }
    }

    @Test
    void aDayClockCountsOnPastMidnightButNotBackwards() {
        DayClock clock = new DayClock();
        assertEquals(86_398, clock.seconds(86_398));
        assertEquals(86_399.5, clock.seconds(86_399.5));
        assertEquals(86_401, clock.seconds(1), "00:00:01 after 23:59:59.5 is on the next day");
        assertEquals(86_400 + 30, clock.seconds(30));
        assertEquals(86_400 + 20, clock.seconds(20), "ten seconds back is out of order, not another day");
    }
}
