package org.sigmappg.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Cross-validation splits whose unit is always the SUBJECT: every window of a subject lies on one side
 * of every split, so no person is both trained on and tested on (METHOD section 4; splitting windows at
 * random leaks subjects). Offers seeded k-fold, stratified by a per-subject class where one is given,
 * and leave-one-subject-out; inner splits for hyper-parameters and early stopping are made the same way
 * from a fold's TRAINING subjects only.
 */
public final class SubjectFolds {
    private SubjectFolds() {
    }

    /** One split: the subjects to train on and the subjects to test on, disjoint. */
    public record Fold(int index, List<String> train, List<String> test) {
        public Fold {
            train = List.copyOf(train);
            test = List.copyOf(test);
        }
    }

    /**
     * Seeded k-fold over {@code subjects}. With {@code strata} (subject to class; null for none), subjects
     * are dealt to folds class by class in a running rotation, so each class is spread as evenly as its
     * size allows and fold sizes differ by at most one; a class with fewer subjects than folds leaves some
     * folds without it.
     *
     * @throws IllegalArgumentException if there are fewer subjects than folds or fewer than two folds
     */
    public static List<Fold> kFold(List<String> subjects, Map<String, Integer> strata, int k, long seed) {
        List<String> unique = new ArrayList<>(new TreeSet<>(subjects));
        if (k < 2) {
            throw new IllegalArgumentException("k-fold needs at least 2 folds, got " + k);
        }
        if (unique.size() < k) {
            throw new IllegalArgumentException(k + "-fold cross-validation needs at least " + k + " subjects, but there are "
                    + unique.size() + "; use fewer folds or leave-one-subject-out");
        }
        Map<Integer, List<String>> byStratum = new TreeMap<>();
        for (String s : unique) {
            int stratum = strata == null ? 0 : strata.getOrDefault(s, -1);
            byStratum.computeIfAbsent(stratum, x -> new ArrayList<>()).add(s);
        }
        Random random = new Random(seed);
        List<List<String>> testSets = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            testSets.add(new ArrayList<>());
        }
        // The rotation starts at a random fold so that the first folds do not always get the extra subjects.
        int position = random.nextInt(k);
        for (List<String> group : byStratum.values()) {
            Collections.shuffle(group, random);
            for (String s : group) {
                testSets.get(position % k).add(s);
                position++;
            }
        }
        List<Fold> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            Set<String> test = new HashSet<>(testSets.get(f));
            List<String> train = new ArrayList<>();
            for (String s : unique) {
                if (!test.contains(s)) {
                    train.add(s);
                }
            }
            List<String> sortedTest = new ArrayList<>(testSets.get(f));
            Collections.sort(sortedTest);
            folds.add(new Fold(f, train, sortedTest));
        }
        return folds;
    }

    /** One fold per subject, in name order. */
    public static List<Fold> leaveOneOut(List<String> subjects) {
        List<String> unique = new ArrayList<>(new TreeSet<>(subjects));
        if (unique.size() < 2) {
            throw new IllegalArgumentException("leave-one-subject-out needs at least 2 subjects, but there are " + unique.size());
        }
        List<Fold> folds = new ArrayList<>();
        for (int f = 0; f < unique.size(); f++) {
            List<String> train = new ArrayList<>(unique);
            String test = train.remove(f);
            folds.add(new Fold(f, train, List.of(test)));
        }
        return folds;
    }

    /**
     * Inner k-fold over the training subjects of {@code outer} only (for choosing hyper-parameters), with
     * at most as many folds as there are training subjects.
     */
    public static List<Fold> inner(Fold outer, Map<String, Integer> strata, int k, long seed) {
        int subjects = new TreeSet<>(outer.train()).size();
        int folds = Math.min(k, subjects);
        if (folds < 2) {
            throw new IllegalArgumentException("fold " + outer.index() + " has " + subjects
                    + " training subject(s); an inner split needs at least 2");
        }
        return kFold(outer.train(), strata, folds, seed);
    }

    /**
     * Splits the training subjects of {@code outer} into those to fit on and a validation share of about
     * {@code fraction} (at least one subject, at least one left to fit on), stratified as {@link #kFold}.
     */
    public static Fold validation(Fold outer, Map<String, Integer> strata, double fraction, long seed) {
        int subjects = new TreeSet<>(outer.train()).size();
        if (subjects < 2) {
            throw new IllegalArgumentException("fold " + outer.index() + " has " + subjects
                    + " training subject(s); early stopping needs at least 2 (one to validate on)");
        }
        int k = Math.max(2, Math.min(subjects, (int) Math.round(1 / fraction)));
        Fold first = kFold(outer.train(), strata, k, seed).get(0);
        return new Fold(outer.index(), first.train(), first.test());
    }

    /**
     * The training subjects of {@code outer} a label-efficiency point trains on: a share of about
     * {@code fraction} of them (at least two, so that the inner splits have one to hold out, and at least
     * one of each stratum), drawn by subject and stratified as {@link #kFold}; the test subjects stay those of
     * {@code outer}. Each stratum is shuffled by {@code seed}, and the subjects are taken in the order of
     * their position in their stratum relative to its size (the first of every stratum, then in proportion),
     * so any share holds each stratum about in proportion, and with the same seed the draw at a smaller
     * fraction is part of the draw at a larger one. A fraction that leaves every subject returns
     * them all.
     */
    public static Fold labelledShare(Fold outer, Map<String, Integer> strata, double fraction, long seed) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("a label fraction must lie in (0, 1], not " + fraction);
        }
        List<String> train = new ArrayList<>(new TreeSet<>(outer.train()));
        Map<Integer, List<String>> byStratum = new TreeMap<>();
        for (String s : train) {
            byStratum.computeIfAbsent(strata == null ? 0 : strata.getOrDefault(s, -1), x -> new ArrayList<>()).add(s);
        }
        int wanted = Math.max(Math.max(2, byStratum.size()), (int) Math.round(fraction * train.size()));
        if (wanted >= train.size()) {
            return new Fold(outer.index(), train, outer.test());
        }
        Random random = new Random(seed);
        record Ranked(String subject, double position, double tieBreak) {
        }
        List<Ranked> order = new ArrayList<>();
        for (List<String> group : byStratum.values()) {
            Collections.shuffle(group, random);
            for (int j = 0; j < group.size(); j++) {
                order.add(new Ranked(group.get(j), (double) j / group.size(), random.nextDouble()));
            }
        }
        order.sort(java.util.Comparator.comparingDouble(Ranked::position).thenComparingDouble(Ranked::tieBreak));
        List<String> drawn = new ArrayList<>();
        for (int i = 0; i < wanted; i++) {
            drawn.add(order.get(i).subject());
        }
        Collections.sort(drawn);
        return new Fold(outer.index(), drawn, outer.test());
    }

    /** Indices of the windows whose subject is in {@code subjects}, in order. */
    public static int[] windowsOf(List<String> windowSubjects, List<String> subjects) {
        Set<String> set = new HashSet<>(subjects);
        int n = 0;
        int[] out = new int[windowSubjects.size()];
        for (int i = 0; i < windowSubjects.size(); i++) {
            if (set.contains(windowSubjects.get(i))) {
                out[n++] = i;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
