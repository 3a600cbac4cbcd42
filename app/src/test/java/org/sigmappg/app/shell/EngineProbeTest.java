package org.sigmappg.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EngineProbeTest {
    @Test
    void statusLineNamesDeviceCountAndEngine() {
        assertEquals("CPU x2 \u00b7 PyTorch 2.7.1", EngineProbe.summary(false, 0, 2, "PyTorch", "2.7.1"));
        assertEquals("GPU x4 \u00b7 PyTorch 2.7.1", EngineProbe.summary(true, 4, 32, "PyTorch", "2.7.1"));
    }
}
