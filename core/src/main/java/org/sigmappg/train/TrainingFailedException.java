package org.sigmappg.train;

/** A training run stopped on a problem it cannot continue from (a NaN loss, a missing checkpoint); the run is marked FAILED. */
public class TrainingFailedException extends RuntimeException {
    public TrainingFailedException(String message) {
        super(message);
    }
}
