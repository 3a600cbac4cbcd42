package org.sigmappg.app.masks;

/**
 * The colours of the teacher's mask probability: 0 pale yellow, through orange, to 1 dark red (ColorBrewer's
 * YlOrRd), distinct from the prior band's viridis, readable in both themes and in grey print.
 */
public final class MaskColourScale {
    /** YlOrRd at 0, 0.25, 0.5, 0.75 and 1 as 0xRRGGBB. */
    private static final int[] STOPS = {0xffffcc, 0xfed976, 0xfd8d3c, 0xe31a1c, 0x800026};
    /** Colour where there is no probability (a patch outside the inspection windows). */
    public static final int NO_VALUE = 0x9e9e9e;

    private MaskColourScale() {
    }

    /** The colour of probability {@code p} as 0xRRGGBB; values outside [0, 1] take the nearest end. */
    public static int rgb(double p) {
        if (Double.isNaN(p)) {
            return NO_VALUE;
        }
        double v = Math.max(0, Math.min(1, p)) * (STOPS.length - 1);
        int i = Math.min(STOPS.length - 2, (int) Math.floor(v));
        double f = v - i;
        int a = STOPS[i];
        int b = STOPS[i + 1];
        return mix(a >> 16, b >> 16, f) << 16 | mix(a >> 8, b >> 8, f) << 8 | mix(a, b, f);
    }

    private static int mix(int a, int b, double f) {
        int ca = a & 0xff;
        int cb = b & 0xff;
        return (int) Math.round(ca + (cb - ca) * f);
    }
}
