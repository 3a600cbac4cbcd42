package org.sigmappg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** No subject is ever on both sides of a split: outer folds, inner folds and validation splits. */
class SubjectFoldsTest {

    /** Fails if any subject of a fold's test set also appears among its training subjects or windows. */
    private static void assertNoLeak(List<SubjectFolds.Fold> folds, List<String> windowSubjects) {
        for (SubjectFolds.Fold f : folds) {
            Set<String> train = new HashSet<>(f.train());
            for (String s : f.test()) {
                assertFalse(train.contains(s), "fold " + f.index() + ": subject " + s + " in train and test");
            }
            Set<String> trainWindowSubjects = new HashSet<>();
            for (int w : SubjectFolds.windowsOf(windowSubjects, f.train())) {
                trainWindowSubjects.add(windowSubjects.get(w));
            }
            for (int w : SubjectFolds.windowsOf(windowSubjects, f.test())) {
                assertFalse(trainWindowSubjects.contains(windowSubjects.get(w)),
                        "fold " + f.index() + ": a window of " + windowSubjects.get(w) + " is tested while others of it are trained on");
            }
        }
    }

    /** Every subject is tested exactly once and every window lands in exactly one test fold. */
    private static void assertPartition(List<SubjectFolds.Fold> folds, List<String> windowSubjects) {
        Map<String, Integer> tested = new HashMap<>();
        for (SubjectFolds.Fold f : folds) {
            f.test().forEach(s -> tested.merge(s, 1, Integer::sum));
            assertEquals(new TreeSet<>(windowSubjects).size(), f.train().size() + f.test().size(), "fold " + f.index() + " covers every subject");
        }
        assertEquals(new TreeSet<>(windowSubjects), new TreeSet<>(tested.keySet()));
        tested.forEach((s, n) -> assertEquals(1, n, s + " tested " + n + " times"));
        int windows = 0;
        for (SubjectFolds.Fold f : folds) {
            windows += SubjectFolds.windowsOf(windowSubjects, f.test()).length;
        }
        assertEquals(windowSubjects.size(), windows);
    }

    /** The 219 PPG-BP subject ids with their three segments each, from the shared data's file names. */
    private static List<String> ppgBpWindows() throws IOException {
        Path dir = Path.of(System.getProperty("sigmappg.shared.data", "../../shared/data"), "ppg_bp", "0_subject");
        assumeTrue(Files.isDirectory(dir), "PPG-BP is not in the shared data folder (" + dir + ")");
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+_\\d+\\.txt")).sorted()
                    .forEach(n -> out.add(n.substring(0, n.indexOf('_'))));
        }
        return out;
    }

    @Test
    void ppgBpFoldsNeverShareASubject() throws IOException {
        List<String> windows = ppgBpWindows();
        List<String> subjects = new ArrayList<>(new TreeSet<>(windows));
        assertEquals(219, subjects.size());
        Map<String, Integer> strata = new LinkedHashMap<>();
        for (int i = 0; i < subjects.size(); i++) {
            // An unbalanced two-class stratification like PPG-BP's hypertension (about a third positive).
            strata.put(subjects.get(i), i % 3 == 0 ? 1 : 0);
        }
        for (long seed : new long[] {1, 2, 3}) {
            List<SubjectFolds.Fold> folds = SubjectFolds.kFold(subjects, strata, 5, seed);
            assertNoLeak(folds, windows);
            assertPartition(folds, windows);
            for (SubjectFolds.Fold f : folds) {
                assertTrue(f.test().size() == 43 || f.test().size() == 44, "fold sizes differ by at most one: " + f.test().size());
                long positives = f.test().stream().filter(s -> strata.get(s) == 1).count();
                assertTrue(positives >= 14 && positives <= 15, "stratified: " + positives + " of 73 positives in fold " + f.index());
                assertNoLeak(SubjectFolds.inner(f, strata, 5, seed), windows);
                for (SubjectFolds.Fold inner : SubjectFolds.inner(f, strata, 5, seed)) {
                    assertTrue(f.train().containsAll(inner.train()) && f.train().containsAll(inner.test()),
                            "inner folds use the outer fold's training subjects only");
                }
                SubjectFolds.Fold v = SubjectFolds.validation(f, strata, 0.2, seed);
                assertNoLeak(List.of(v), windows);
                assertTrue(f.train().containsAll(v.train()) && f.train().containsAll(v.test()));
                assertTrue(v.test().stream().noneMatch(f.test()::contains), "validation subjects are never test subjects");
            }
        }
        List<SubjectFolds.Fold> loso = SubjectFolds.leaveOneOut(subjects);
        assertEquals(219, loso.size());
        assertNoLeak(loso, windows);
        assertPartition(loso, windows);
    }

    @Test
    void manyWindowsPerSubjectStayTogether() {
        // 37 subjects x 50 windows, listed window-interleaved so that a window-level split would mix them.
        List<String> windows = EvalTestData.interleavedWindows(37, 50);
        List<String> subjects = new ArrayList<>(new TreeSet<>(windows));
        for (int k : new int[] {2, 5, 10, 37}) {
            List<SubjectFolds.Fold> folds = SubjectFolds.kFold(windows, null, k, 42);
            assertEquals(k, folds.size());
            assertNoLeak(folds, windows);
            assertPartition(folds, windows);
            for (SubjectFolds.Fold f : folds) {
                assertNoLeak(SubjectFolds.inner(f, null, 5, 1), windows);
            }
        }
        assertNoLeak(SubjectFolds.leaveOneOut(subjects), windows);
    }

    @Test
    void smallStudiesAndBadRequestsFailWithTheReason() {
        List<String> twelve = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            twelve.add("S" + i);
        }
        List<SubjectFolds.Fold> folds = SubjectFolds.kFold(twelve, null, 5, 1);
        for (SubjectFolds.Fold f : folds) {
            assertTrue(f.test().size() == 2 || f.test().size() == 3, "12 subjects in 5 folds: 2-3 test subjects each");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SubjectFolds.kFold(twelve.subList(0, 3), null, 5, 1));
        assertTrue(e.getMessage().contains("at least 5 subjects"), e.getMessage());
        assertEquals(SubjectFolds.kFold(twelve, null, 5, 9), SubjectFolds.kFold(twelve, null, 5, 9), "seeded: the same folds again");
    }

    /** 40 training subjects (30 of class 0, 10 of class 1, one of class 2) and 10 test subjects. */
    private static SubjectFolds.Fold labelFold(Map<String, Integer> strata) {
        List<String> train = new ArrayList<>();
        for (int i = 1; i <= 41; i++) {
            String s = String.format(java.util.Locale.ROOT, "T%02d", i);
            train.add(s);
            strata.put(s, i <= 30 ? 0 : i <= 40 ? 1 : 2);
        }
        List<String> test = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            test.add("X" + i);
        }
        return new SubjectFolds.Fold(3, train, test);
    }

    @Test
    void labelSharesAreDrawnBySubjectStratifiedAndNested() {
        Map<String, Integer> strata = new HashMap<>();
        SubjectFolds.Fold outer = labelFold(strata);
        Set<String> previous = Set.of();
        for (double f : new double[] {0.1, 0.25, 0.5, 0.75}) {
            SubjectFolds.Fold share = SubjectFolds.labelledShare(outer, strata, f, 77);
            assertEquals(outer.index(), share.index());
            assertEquals(outer.test(), share.test(), "the held-out subjects stay the same");
            assertTrue(outer.train().containsAll(share.train()), "only training subjects are labelled");
            assertEquals(Math.round(f * 41), share.train().size(), "share " + f + " of 41 subjects");
            int[] perClass = new int[3];
            share.train().forEach(s -> perClass[strata.get(s)]++);
            // Every stratum is labelled (the single class-2 subject included), the two large ones about in proportion.
            assertEquals(1, perClass[2], "share " + f);
            assertTrue(Math.abs(perClass[0] - (share.train().size() - 1) * 30.0 / 40) <= 1.5, "class 0 at " + f + ": " + perClass[0]);
            assertTrue(Math.abs(perClass[1] - (share.train().size() - 1) * 10.0 / 40) <= 1.5, "class 1 at " + f + ": " + perClass[1]);
            assertTrue(share.train().containsAll(previous), "the draw at a smaller share is part of this one");
            previous = new HashSet<>(share.train());
        }
        assertEquals(new TreeSet<>(outer.train()), new TreeSet<>(SubjectFolds.labelledShare(outer, strata, 1, 77).train()));
        assertEquals(SubjectFolds.labelledShare(outer, strata, 0.25, 77), SubjectFolds.labelledShare(outer, strata, 0.25, 77), "seeded");
        assertFalse(SubjectFolds.labelledShare(outer, strata, 0.25, 77).train()
                .equals(SubjectFolds.labelledShare(outer, strata, 0.25, 78).train()), "another seed, another draw");
        SubjectFolds.Fold tiny = SubjectFolds.labelledShare(outer, strata, 0.01, 77);
        assertEquals(3, tiny.train().size(), "one subject of each stratum, however small the share");
        assertEquals(Set.of(0, 1, 2), tiny.train().stream().map(strata::get).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void labelSharesOfARegressionTaskAreAPlainDrawOfAtLeastTwoSubjects() {
        SubjectFolds.Fold outer = labelFold(new HashMap<>());
        assertEquals(10, SubjectFolds.labelledShare(outer, null, 0.25, 5).train().size());
        assertEquals(2, SubjectFolds.labelledShare(outer, null, 0.01, 5).train().size(), "two, so that one can be held out inside");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SubjectFolds.labelledShare(outer, null, 0, 5));
        assertTrue(e.getMessage().contains("(0, 1]"), e.getMessage());
    }
}
