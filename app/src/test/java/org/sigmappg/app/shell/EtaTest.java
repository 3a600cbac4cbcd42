package org.sigmappg.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EtaTest {
    private static final long S = 1_000_000_000L;

    @Test
    void theRateSinceThePhaseBeganGivesTheTimeLeft() {
        Eta eta = new Eta();
        assertTrue(eta.update("training", 0, 0).isEmpty());
        assertTrue(eta.update("training", 0.005, 1 * S).isEmpty(), "too little done yet");
        // 10 % in 20 s: 90 % take 180 s more.
        assertEquals(180, eta.update("training", 0.1, 20 * S).getAsDouble(), 1e-9);
        assertEquals(0, eta.update("training", 1, 200 * S).getAsDouble(), 1e-9);
    }

    @Test
    void aResumedPhaseCountsFromWhereItStartedAndANewPhaseStartsAgain() {
        Eta eta = new Eta();
        eta.update("training", 0.5, 0);
        // From 50 % to 60 % in 10 s: 40 % more take 40 s (not 10 s / 60 % x 40 %).
        assertEquals(40, eta.update("training", 0.6, 10 * S).getAsDouble(), 1e-9);
        assertTrue(eta.update("evaluating", 0.1, 11 * S).isEmpty());
        assertTrue(eta.update("evaluating", -1, 12 * S).isEmpty(), "unknown amount of work");
    }

    @Test
    void estimatesAreWrittenInRoundFigures() {
        assertEquals("ETA 40 s", Eta.text(38));
        assertEquals("ETA 5 s", Eta.text(0.4));
        assertEquals("ETA 12 min", Eta.text(12 * 60 + 10));
        assertEquals("ETA 2 h 05 min", Eta.text(2 * 3600 + 5 * 60));
    }
}
