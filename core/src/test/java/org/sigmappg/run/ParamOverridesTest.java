package org.sigmappg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.sigmappg.model.TokenizerParams;
import org.junit.jupiter.api.Test;

class ParamOverridesTest {
    @Test
    void aValueTheRecordRefusesIsReportedInTheRecordsOwnWords() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParamOverrides.apply(
                TokenizerParams.base(), List.of("inputLowPass=1.5"), TokenizerParams::fromJson));
        assertEquals("--set: input low-pass must be 0 (off) or a fraction of Nyquist in (0, 1): 1.5", e.getMessage());
        IllegalArgumentException decay = assertThrows(IllegalArgumentException.class, () -> ParamOverrides.apply(
                TokenizerParams.tiny(), List.of("emaDecay=1"), TokenizerParams::fromJson));
        assertTrue(decay.getMessage().startsWith("--set: EMA decay must be in (0, 1)"), decay.getMessage());
    }

    @Test
    void anAcceptedValueIsApplied() {
        TokenizerParams p = ParamOverrides.apply(TokenizerParams.base(), List.of("inputLowPass=0.32"), TokenizerParams::fromJson);
        assertEquals(0.32, p.inputLowPass());
        assertEquals(TokenizerParams.base().codebookSize(), p.codebookSize());
    }
}
