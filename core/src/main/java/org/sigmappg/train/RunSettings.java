package org.sigmappg.train;

/**
 * What every training run is asked besides its model: the dataset, the seed, the share of windows (or subjects)
 * held out for the run's health figures and how they are chosen, and the device.
 *
 * @param dataset the dataset to train on
 * @param seed seed of initialisation, batch order, masks and the held-out split
 * @param heldOutFraction share held out, in [0, 1); 0 measures no held-out figures
 * @param heldOutBy {@code window} (the last windows of every subject) or {@code subject} (whole subjects)
 * @param device {@code cpu} or {@code gpu}
 */
public record RunSettings(String dataset, long seed, double heldOutFraction, String heldOutBy, String device) {
    public RunSettings {
        TrainingWindows.HeldOutBy.parse(heldOutBy);
        if (!(heldOutFraction >= 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("held-out fraction must be in [0, 1), got " + heldOutFraction);
        }
    }

    /** No dataset yet, seed 1, 20 % held out by window, the CPU. */
    public static RunSettings defaults() {
        return new RunSettings("", 1, 0.2, "window", "cpu");
    }

    public RunSettings withDataset(String newDataset) {
        return new RunSettings(newDataset, seed, heldOutFraction, heldOutBy, device);
    }
}
