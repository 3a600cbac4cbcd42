package org.sigmappg.app.help;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The words of the method the views show without explaining them (ICR, perplexity, mask entropy, the prior,
 * transductive figures, ...), each with a short explanation, for Help > Glossary and the "?" beside the figures.
 * Without JavaFX.
 */
public final class Glossary {
    /** One word: how the views write it, what it means, and what a good value looks like. */
    public record Term(String name, String meaning) {
        /** The key a view links to: the name in lower case. */
        public String key() {
            return Glossary.key(name);
        }
    }

    /** Keys of the terms views link to. */
    public static final String ICR = "icr";
    public static final String PERPLEXITY = "perplexity";
    public static final String UNUSED_CODES = "unused codes";
    public static final String MASK_ENTROPY = "mask entropy";
    public static final String PRIOR = "prior";
    public static final String TRANSDUCTIVE = "transductive";
    public static final String MASKED_ACCURACY = "masked accuracy";

    private static final List<Term> TERMS = List.of(
            new Term("ICR", "Index consistency rate: the share of patches whose code stays the same when the patch is slightly "
                    + "changed (amplitude scaled by 0.9 to 1.1, Gaussian noise of 0.05). It says whether the tokenizer gives the same "
                    + "signal the same code; the paper reports more than 0.75 on held-out windows."),
            new Term("Perplexity", "The effective number of codes in use: e raised to the entropy of how often each code is chosen. "
                    + "Equal to the codebook size when every code is used equally often, 1 when a single code takes every patch."),
            new Term("Unused codes", "The share of the codebook that no patch of the held-out windows is given. More than 10 % means "
                    + "the tokenizer has not converged, or the codebook is larger than the data needs."),
            new Term("Mask entropy", "How spread out the teacher's choice of masked patches is, from its mask probabilities: high "
                    + "while it still tries many masks, near zero when it picks the same patches every time (a failure to watch for)."),
            new Term("Prior", "The statistical prior score of a patch, P = 0.5 A + 0.5 S: amplitude stability A (1 for a patch "
                    + "whose spread is typical of its window, 0 for flat or wildly varying ones) and morphology S = tanh(|skewness|). "
                    + "Added to the teacher's logits (times alpha, 2 by default), it keeps the masks on physiological beats rather "
                    + "than noise."),
            new Term("Masked accuracy", "The share of masked patches whose tokenizer code the student predicts right, on held-out "
                    + "windows. Chance is predicting the most common code; the teacher's hard masks make it lower than random masks do."),
            new Term("Transductive", "A figure from a backbone pre-trained, without labels, on the very dataset it is evaluated on, "
                    + "test subjects' windows included. It is not a leak of labels, but it is not the figure for new subjects either: "
                    + "compare it with backbones pre-trained on other data."));

    private Glossary() {
    }

    /** Every term, in the order of the method. */
    public static List<Term> terms() {
        return TERMS;
    }

    /** The term with this key or name, in any case. */
    public static Optional<Term> term(String keyOrName) {
        String k = key(keyOrName);
        return TERMS.stream().filter(t -> t.key().equals(k)).findFirst();
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }
}
