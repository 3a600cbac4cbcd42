package org.sigmappg.app.help;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sigmappg.app.charts.RunCurves;

/** Every term a view links to is in the glossary, with an explanation, found in any case. */
class GlossaryTest {
    @Test
    void theTermsTheViewsLinkToAreExplained() {
        List<String> linked = new java.util.ArrayList<>(List.of(Glossary.ICR, Glossary.PERPLEXITY, Glossary.UNUSED_CODES, Glossary.MASK_ENTROPY,
                Glossary.PRIOR, Glossary.TRANSDUCTIVE, Glossary.MASKED_ACCURACY));
        linked.addAll(RunCurves.terms("tokenizer"));
        linked.addAll(RunCurves.terms("pretrain"));
        for (String key : linked) {
            Glossary.Term t = Glossary.term(key).orElseThrow(() -> new AssertionError("no glossary entry for " + key));
            assertTrue(t.meaning().length() > 60, key + " is explained in a sentence or more");
        }
        assertEquals(Glossary.terms().size(), Glossary.terms().stream().map(Glossary.Term::key).distinct().count(), "no term twice");
    }

    @Test
    void termsAreFoundInAnyCase() {
        assertEquals("ICR", Glossary.term("icr").orElseThrow().name());
        assertEquals("Mask entropy", Glossary.term(" MASK ENTROPY ").orElseThrow().name());
        assertTrue(Glossary.term("perplexities").isEmpty());
    }
}
