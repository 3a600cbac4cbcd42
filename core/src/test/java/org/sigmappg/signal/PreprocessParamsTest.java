package org.sigmappg.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.Gson;
import org.junit.jupiter.api.Test;

class PreprocessParamsTest {
    @Test
    void defaultsAreTheMethodsNumbers() {
        PreprocessParams p = PreprocessParams.defaults();
        assertEquals(PreprocessParams.CURRENT_VERSION, p.version());
        assertEquals(0.5, p.bandLowHz());
        assertEquals(8.0, p.bandHighHz());
        assertEquals(2, p.filterOrder());
        assertEquals(50.0, p.targetRateHz());
        assertEquals(50, p.windows().patchSamples());
        assertEquals(240, p.windows().windowPatches());
        assertEquals(12_000, p.windows().windowSamples());
        assertEquals(0.2, p.windows().maxMissingFraction());
        assertEquals(1.0, p.quality().flatMinSeconds());
        assertEquals(0.2, p.prior().zWeight());
        assertEquals(1.4826, p.prior().madScale());
        assertEquals(0.05, p.prior().flatGateStd());
        assertEquals(2.0, p.prior().excursionGateZ());
        assertEquals(0.5, p.prior().beta());
    }

    @Test
    void roundTripsThroughJsonForRunRecords() {
        Gson gson = new Gson();
        PreprocessParams p = PreprocessParams.defaults().withWindows(new WindowParams(50, 10, 0.2, 0.5));
        assertEquals(p, gson.fromJson(gson.toJson(p), PreprocessParams.class));
    }

    @Test
    void inconsistentSettingsAreRefused() {
        PreprocessParams d = PreprocessParams.defaults();
        assertThrows(IllegalArgumentException.class, () -> new PreprocessParams(1, 8, 0.5, 2, 0.45, 5, 50, 1e-6, 10_000,
                d.quality(), d.windows(), d.prior()));
        assertThrows(IllegalArgumentException.class, () -> new PreprocessParams(1, 0.5, 8, 2, 0.45, 1, 50, 1e-6, 10_000,
                d.quality(), d.windows(), d.prior()), "no band left at the slowest accepted rate");
        assertThrows(IllegalArgumentException.class, () -> new PreprocessParams(1, 0.5, 8, 2, 0.45, 5, 50, 1e-3, 10_000,
                d.quality(), d.windows(), d.prior()), "rate tolerance above 1e-4");
        assertThrows(IllegalArgumentException.class, () -> new WindowParams(50, 240, 1.5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new PriorParams(0.2, 1.4826, 1e-6, 0.05, 0.01, 2.0, 0.25, 1.5));
    }
}
