package org.sigmappg.app.codes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sigmappg.train.CodeGallery;

/** The usage histogram of a code gallery: used codes most used first, and the perplexity the training log computes. */
class CodeUsageTest {
    private static CodeGallery.Code code(int index, long count) {
        return new CodeGallery.Code(index, count, new float[0], new float[0]);
    }

    @Test
    void usedCodesMostUsedFirstWithThePerplexityOfTheirCounts() {
        CodeUsage u = CodeUsage.of(List.of(code(0, 1), code(1, 0), code(2, 2), code(3, 1)));
        assertEquals(List.of(new CodeUsage.Bar(1, 2, 2), new CodeUsage.Bar(2, 0, 1), new CodeUsage.Bar(3, 3, 1)), u.bars());
        assertEquals(3, u.used());
        assertEquals(4, u.codebookSize());
        assertEquals(4, u.total());
        // By hand: p = (1/2, 1/4, 1/4), H = ln 2 / 2 + 2 ln 4 / 4 = 1.5 ln 2, exp(H) = 2^1.5.
        assertEquals(Math.pow(2, 1.5), u.perplexity(), 1e-12);
        assertEquals(0, CodeUsage.of(List.of(code(0, 0))).perplexity());
    }
}
