package org.sigmappg.app.signal;

import org.sigmappg.app.charts.ColourRamp;

/**
 * The colours of the prior score band: P in [0, 1] on the viridis scale (dark purple for 0, yellow for 1),
 * which stays readable for colour-blind users and in both themes; a patch without a score is grey.
 */
public final class PriorColourScale {
    /** Viridis at 0, 0.25, 0.5, 0.75 and 1 (matplotlib's values), as 0xRRGGBB. */
    private static final int[] STOPS = {0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725};
    /** Colour of a patch whose prior is not a number (a constant or padded patch). */
    public static final int NO_VALUE = 0x9e9e9e;
    private static final ColourRamp RAMP = new ColourRamp(NO_VALUE, STOPS);

    private PriorColourScale() {
    }

    /** The colour of prior score {@code p} as 0xRRGGBB; values outside [0, 1] take the nearest end. */
    public static int rgb(double p) {
        return RAMP.rgb(p);
    }

    /** The colour as a CSS hex string, e.g. {@code #21918c}. */
    public static String css(double p) {
        return String.format("#%06x", rgb(p));
    }
}
