package org.sigmappg.app.charts;

/**
 * A colour per code for the code bands: hues a golden angle apart, so codes with neighbouring indices (and any
 * few codes side by side) look clearly different, alternating between a lighter and a deeper shade to double
 * the distinguishable colours. The same code has the same colour in every view.
 */
public final class CodeColours {
    private static final double GOLDEN_ANGLE = 137.50776405;
    /** Colour of a patch without a code (padding). */
    public static final int NO_CODE = 0xbdbdbd;

    private CodeColours() {
    }

    /** The colour of code {@code code} as 0xRRGGBB ({@link #NO_CODE} for a negative code). */
    public static int rgb(int code) {
        if (code < 0) {
            return NO_CODE;
        }
        double hue = (code * GOLDEN_ANGLE) % 360;
        boolean deep = (code & 1) == 1;
        return hsb(hue, deep ? 0.80 : 0.55, deep ? 0.70 : 0.92);
    }

    /** HSB to 0xRRGGBB: hue in degrees, saturation and brightness in [0, 1]. */
    static int hsb(double hue, double saturation, double brightness) {
        double c = brightness * saturation;
        double h = hue / 60;
        double x = c * (1 - Math.abs(h % 2 - 1));
        double r = 0;
        double g = 0;
        double b = 0;
        switch ((int) Math.floor(h) % 6) {
            case 0 -> { r = c; g = x; }
            case 1 -> { r = x; g = c; }
            case 2 -> { g = c; b = x; }
            case 3 -> { g = x; b = c; }
            case 4 -> { r = x; b = c; }
            default -> { r = c; b = x; }
        }
        double m = brightness - c;
        return channel(r + m) << 16 | channel(g + m) << 8 | channel(b + m);
    }

    private static int channel(double v) {
        return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
    }
}
