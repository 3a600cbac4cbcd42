package org.sigmappg.app.codes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.sigmappg.model.CodebookUsage;
import org.sigmappg.train.CodeGallery;

/**
 * How a tokenizer uses its codebook on a dataset, from the counts of the code gallery: the used codes sorted by
 * how often they occur (the usage histogram), how many codes are used, and the perplexity of the usage
 * (exp of its entropy: the number of equally used codes that would give the same entropy).
 */
public final class CodeUsage {
    /** One bar of the usage histogram: the code at {@code rank} (1 = most used) and its count. */
    public record Bar(int rank, int code, long count) {
    }

    private final List<Bar> bars;
    private final long total;
    private final int codebookSize;

    private CodeUsage(List<Bar> bars, long total, int codebookSize) {
        this.bars = bars;
        this.total = total;
        this.codebookSize = codebookSize;
    }

    public static CodeUsage of(List<CodeGallery.Code> codes) {
        List<CodeGallery.Code> used = new ArrayList<>(codes.stream().filter(c -> c.count() > 0).toList());
        used.sort(Comparator.comparingLong(CodeGallery.Code::count).reversed().thenComparingInt(CodeGallery.Code::index));
        List<Bar> bars = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < used.size(); i++) {
            bars.add(new Bar(i + 1, used.get(i).index(), used.get(i).count()));
            total += used.get(i).count();
        }
        return new CodeUsage(List.copyOf(bars), total, codes.size());
    }

    /** The used codes, most used first (ties by code index). */
    public List<Bar> bars() {
        return bars;
    }

    public int used() {
        return bars.size();
    }

    public int codebookSize() {
        return codebookSize;
    }

    /** Patches with a code. */
    public long total() {
        return total;
    }

    /** exp(-sum p log p) over the used codes ({@link CodebookUsage#perplexity(long[])}); 0 when nothing was coded. */
    public double perplexity() {
        return CodebookUsage.perplexity(bars.stream().mapToLong(Bar::count).toArray());
    }
}
