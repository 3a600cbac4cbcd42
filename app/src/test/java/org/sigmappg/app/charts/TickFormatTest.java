package org.sigmappg.app.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TickFormatTest {
    @Test
    void labelsCarryTheDecimalsTheStepNeeds() {
        // Ticks 0.25 apart once read "1.3, 0.8, 0.3, -0.3" (one decimal from the span); they need two.
        assertEquals("1.25", TickFormat.value(1.25, 0.25));
        assertEquals("-0.25", TickFormat.value(-0.25, 0.25));
        assertEquals("0.75", TickFormat.value(0.75, 0.25));
        assertEquals("0.5", TickFormat.value(0.5, 0.5));
        assertEquals("2,500", TickFormat.value(2500, 500));
        assertEquals("250,000", TickFormat.value(250_000, 50_000));
        assertEquals("0.002", TickFormat.value(0.002, 0.001));
        assertEquals(2, TickFormat.decimals(0.25));
        assertEquals(1, TickFormat.decimals(2.5));
        assertEquals(0, TickFormat.decimals(5));
        assertEquals(3, TickFormat.decimals(0.005));
    }

    @Test
    void neverMinusZeroNorScientific() {
        assertEquals("0", TickFormat.value(-0.0, 10));
        assertEquals("0.00", TickFormat.value(-1e-12, 0.25));
        assertEquals("0.000001", TickFormat.value(1e-6, 1e-6));
    }

    @Test
    void stepsAreOneTwoTwoAndAHalfOrFiveTimesAPowerOfTen() {
        assertEquals(0.25, TickFormat.unit(2, 8, 1), 1e-12);
        assertEquals(0.5, TickFormat.unit(2.6, 8, 1), 1e-12);
        assertEquals(1, TickFormat.unit(9, 10, 1), 1e-12);
        assertEquals(2000, TickFormat.unit(14_000, 8, 1), 1e-9);
        assertEquals(0.02, TickFormat.unit(0.1, 6, 1), 1e-12);
    }

    @Test
    void onePointGetsAStepOfItsOwnOrder() {
        // A live chart with one point (52.0012076542821) has no span; its labels must not print the raw double.
        double unit = TickFormat.unit(0, 8, 52.0012076542821);
        assertEquals(1, unit, 1e-12);
        assertEquals("52", TickFormat.value(52.0012076542821, unit));
        assertEquals(0.01, TickFormat.unit(0, 8, 0.25), 1e-12);
        assertEquals(1, TickFormat.unit(Double.NaN, 8, 0), 1e-12);
    }
}
