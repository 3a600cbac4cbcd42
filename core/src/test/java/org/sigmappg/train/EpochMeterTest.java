package org.sigmappg.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EpochMeterTest {

    @Test
    void meansAreSumsInStepOrderOverEachFiguresOwnCount() {
        EpochMeter meter = new EpochMeter();
        assertTrue(Double.isNaN(meter.mean("loss")), "no step, no mean");
        meter.update(Map.of("loss", 0.1, "accuracy", 0.5));
        meter.update(Map.of("loss", 0.2, "accuracy", 0.25));
        meter.update(Map.of("loss", 0.3));
        assertEquals(3, meter.steps());
        // Summed as a hand-kept sum would be, left to right from zero: (0.1 + 0.2) + 0.3 is not 0.6 in doubles.
        assertEquals((0.0 + 0.1 + 0.2 + 0.3) / 3, meter.mean("loss"), 0.0);
        assertEquals(0.375, meter.mean("accuracy"), 0.0, "over the two steps that gave it");
        assertTrue(Double.isNaN(meter.mean("entropy")));
        meter.update(Map.of("loss", Double.NaN));
        assertTrue(Double.isNaN(meter.mean("loss")), "a missing figure (NaN) spoils its mean, to be left out of the log");
    }
}
