package org.sigmappg.app.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Axis ranges and tick labels: exact labels at the spacing's decimals, whole counts, a range around a single value. */
class AxisTicksTest {
    @Test
    void labelsCarryTheDecimalsTheSpacingNeeds() {
        assertEquals("1.25", AxisTicks.label(1.25, 0.25), "ticks 0.25 apart are not rounded to one decimal");
        assertEquals("0.50", AxisTicks.label(0.5, 0.25));
        assertEquals("-0.25", AxisTicks.label(-0.25, 0.25));
        assertEquals("0.4", AxisTicks.label(0.4, 0.2));
        assertEquals("40", AxisTicks.label(40, 20));
        assertEquals("0.0003", AxisTicks.label(3e-4, 1e-4), "a learning rate");
        assertEquals("0.00", AxisTicks.label(-1e-17, 0.25), "no negative zero from a rounding error");
        assertEquals("5e-7", AxisTicks.label(5e-7, 1e-7), "beyond six decimals, a power of ten");
    }

    @Test
    void ticksFallOnNiceSpacingsAroundTheData() {
        AxisTicks t = AxisTicks.of(-0.3, 1.3, 8, false);
        assertEquals(0.25, t.unit(), 1e-12);
        assertEquals(-0.5, t.lower(), 1e-12);
        assertEquals(1.5, t.upper(), 1e-12);
        AxisTicks lr = AxisTicks.of(1e-5, 1e-3, 6, false);
        assertEquals(2e-4, lr.unit(), 1e-15);
        assertTrue(lr.lower() <= 1e-5 && lr.upper() >= 1e-3);
    }

    @Test
    void countsGetWholeTicks() {
        AxisTicks epochs = AxisTicks.of(1, 4, 6, true);
        assertEquals(1, epochs.unit(), 0, "epochs 1 to 4 are not ticked at 0.5");
        AxisTicks steps = AxisTicks.of(0, 1130, 6, true);
        assertEquals(250, steps.unit(), 0);
        assertEquals(0, steps.lower(), 0);
        assertEquals(1250, steps.upper(), 0);
        assertEquals(2, AxisTicks.of(0, 9, 6, true).unit(), 0, "no 2.5 between whole ticks");
    }

    @Test
    void aSingleValueGetsARangeAroundIt() {
        AxisTicks x = AxisTicks.of(52, 52, 6, true);
        assertTrue(x.lower() < 52 && x.upper() > 52 && x.unit() >= 1, x.toString());
        assertEquals("52", x.label(52));
        AxisTicks y = AxisTicks.of(52.0012076542821, 52.0012076542821, 6, false);
        assertTrue(y.lower() < 52.0012 && y.upper() > 52.0013, y.toString());
        assertTrue(y.label(y.lower()).length() <= 6, "a short label, not every digit of the value: " + y.label(y.lower()));
        AxisTicks zero = AxisTicks.of(0, 0, 6, false);
        assertTrue(zero.lower() < 0 && zero.upper() > 0);
    }
}
