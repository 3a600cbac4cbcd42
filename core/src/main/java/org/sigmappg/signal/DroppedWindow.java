package org.sigmappg.signal;

/**
 * A stretch of the 50 Hz signal that did not become a window, and why.
 *
 * @param start index of its first sample in the 50 Hz signal
 * @param length its length in samples
 * @param reason the rule that dropped it
 * @param detail the same in plain words, with the numbers
 */
public record DroppedWindow(int start, int length, Reason reason, String detail) {
    /** Why a stretch was dropped. */
    public enum Reason {
        /** More than maxMissingFraction of its samples were missing. */
        TOO_MUCH_MISSING,
        /** The record, or the tail after the last full window, is shorter than one patch. */
        SHORTER_THAN_PATCH,
        /** The record, or the tail after the last full window, is a smaller share of a window than the smallest kept one. */
        SHORTER_THAN_MIN_FRACTION
    }
}
