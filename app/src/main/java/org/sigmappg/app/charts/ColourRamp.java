package org.sigmappg.app.charts;

/**
 * A colour scale over [0, 1] interpolated linearly between equally spaced stops; values outside [0, 1] take the
 * nearest end, and NaN takes a colour of its own. Colours are 0xRRGGBB.
 */
public final class ColourRamp {
    private final int[] stops;
    private final int noValue;

    /**
     * @param noValue the colour of NaN
     * @param stops at least two colours, the first for 0 and the last for 1
     */
    public ColourRamp(int noValue, int... stops) {
        if (stops.length < 2) {
            throw new IllegalArgumentException("a colour ramp needs at least two stops");
        }
        this.stops = stops.clone();
        this.noValue = noValue;
    }

    /** The colour of {@code p}. */
    public int rgb(double p) {
        if (Double.isNaN(p)) {
            return noValue;
        }
        double v = Math.max(0, Math.min(1, p)) * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) Math.floor(v));
        double f = v - i;
        int a = stops[i];
        int b = stops[i + 1];
        return mix(a >> 16, b >> 16, f) << 16 | mix(a >> 8, b >> 8, f) << 8 | mix(a, b, f);
    }

    private static int mix(int a, int b, double f) {
        int ca = a & 0xff;
        int cb = b & 0xff;
        return (int) Math.round(ca + (cb - ca) * f);
    }
}
