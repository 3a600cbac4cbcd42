package org.sigmappg.signal;

/** Quality flags of one patch, stored as bits in {@link Window#patchFlags()}. */
public enum PatchFlag {
    /** Enough of the patch was missing in the raw channel; its samples are filled stand-ins. */
    MISSING,
    /** Enough of the patch lies in a flat run, or the whole window is constant. */
    FLAT,
    /** Enough of the patch lies in a clipped run. */
    CLIPPED,
    /** The patch is the partial last one and ends in zero padding, which the model must mask out. */
    PADDED;

    public int bit() {
        return 1 << ordinal();
    }
}
