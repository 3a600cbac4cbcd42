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
}
