package org.sigmappg.app.charts;


/**
 * The colours of the teacher's mask probability: 0 pale yellow, through orange, to 1 dark red (ColorBrewer's
 * YlOrRd), distinct from the prior band's viridis, readable in both themes and in grey print.
 */
public final class MaskColourScale {
    /** YlOrRd at 0, 0.25, 0.5, 0.75 and 1 as 0xRRGGBB. */
    private static final int[] STOPS = {0xffffcc, 0xfed976, 0xfd8d3c, 0xe31a1c, 0x800026};
    /** Colour where there is no probability (a patch outside the inspection windows). */
    public static final int NO_VALUE = 0x9e9e9e;
    private static final ColourRamp RAMP = new ColourRamp(NO_VALUE, STOPS);

    private MaskColourScale() {
    }

    /** The colour of probability {@code p} as 0xRRGGBB; values outside [0, 1] take the nearest end. */
    public static int rgb(double p) {
        return RAMP.rgb(p);
    }
}
