package org.sigmappg.app.navigation;


/** The masks of a pre-training run: the teacher's probabilities, sampled masks and the student's answers per epoch. */
public record MasksTarget(String run) implements NavTarget {
    @Override
    public String title() {
        return "masks " + run;
    }

    @Override
    public String key() {
        return "masks:" + run;
    }
}
