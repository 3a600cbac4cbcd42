package org.sigmappg.app.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class PriorColourScaleTest {
    @Test
    void endsAndMiddleAreViridis() {
        assertEquals(0x440154, PriorColourScale.rgb(0));
        assertEquals(0x21918c, PriorColourScale.rgb(0.5));
        assertEquals(0xfde725, PriorColourScale.rgb(1));
        assertEquals(0x440154, PriorColourScale.rgb(-3), "below the scale takes its low end");
        assertEquals(0xfde725, PriorColourScale.rgb(7), "above the scale takes its high end");
    }

    @Test
    void inBetweenIsInterpolatedAndNaNIsGrey() {
        // Halfway between 0x440154 and 0x3b528b.
        assertEquals(0x402a70, PriorColourScale.rgb(0.125));
        assertEquals(PriorColourScale.NO_VALUE, PriorColourScale.rgb(Double.NaN));
        assertNotEquals(PriorColourScale.rgb(0.30), PriorColourScale.rgb(0.31));
        assertEquals("#21918c", PriorColourScale.css(0.5));
    }
}
