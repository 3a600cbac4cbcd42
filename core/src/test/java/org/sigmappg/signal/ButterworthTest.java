package org.sigmappg.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ButterworthTest {
    /*
     * Reference sections recorded with SciPy 1.17.1:
     * python3 -c "import scipy.signal as s; print(repr(s.butter(N, Wn, btype=B, fs=FS, output='sos')))"
     * for (B, N, Wn, FS) = ('band', 2, [0.5, 8], 125), ('band', 2, [0.5, 8], 1000), ('band', 3, [0.5, 8], 125),
     * ('low', 4, 20, 125), ('low', 3, 10, 100).
     */
    private static final double[][] BAND_2_125 = {
            {0.027859766117136028, 0.055719532234272055, 0.027859766117136028, 1.0, -1.4927424983800321, 0.6077819063875052},
            {1.0, -2.0, 1.0, 1.0, -1.9649795163240527, 0.965674532086163}};
    private static final double[][] BAND_2_1000 = {
            {0.000537169774812057, 0.001074339549624114, 0.000537169774812057, 1.0, -1.937435112356761, 0.9396204506380043},
            {1.0, -2.0, 1.0, 1.0, -1.995634492871835, 0.9956455336236593}};
    private static final double[][] BAND_3_125 = {
            {0.004750523610980864, 0.009501047221961729, 0.004750523610980864, 1.0, -1.57595375909213, 0.7053619134919527},
            {1.0, 0.0, -1.0, 1.0, -1.6710171625506556, 0.6795992982245267},
            {1.0, -2.0, 1.0, 1.0, -1.9762881531197025, 0.9769457809751023}};
    private static final double[][] LOW_4_125 = {
            {0.02287020771629096, 0.04574041543258192, 0.02287020771629096, 1.0, -0.602033202257445, 0.12355934398734861},
            {1.0, 2.0, 1.0, 1.0, -0.8099502989391327, 0.5115897646941701}};
    private static final double[][] LOW_3_100 = {
            {0.018098933007514428, 0.036197866015028855, 0.018098933007514428, 1.0, -0.5095254494944288, 0.0},
            {1.0, 1.0, 0.0, 1.0, -1.2505164308487402, 0.5457233155094579}};

    @Test
    void bandPassSectionsMatchScipy() {
        assertSos(BAND_2_125, Butterworth.bandPass(2, 0.5, 8, 125));
        assertSos(BAND_2_1000, Butterworth.bandPass(2, 0.5, 8, 1000));
        assertSos(BAND_3_125, Butterworth.bandPass(3, 0.5, 8, 125));
    }

    @Test
    void lowPassSectionsMatchScipy() {
        assertSos(LOW_4_125, Butterworth.lowPass(4, 20, 125));
        assertSos(LOW_3_100, Butterworth.lowPass(3, 10, 100));
    }

    @Test
    void refusesEdgesOutsideZeroToNyquist() {
        assertThrows(IllegalArgumentException.class, () -> Butterworth.bandPass(2, 0.5, 8, 16));
        assertThrows(IllegalArgumentException.class, () -> Butterworth.bandPass(2, 8, 0.5, 125));
        assertThrows(IllegalArgumentException.class, () -> Butterworth.lowPass(0, 10, 125));
    }

    private static void assertSos(double[][] expected, double[][] actual) {
        assertEquals(expected.length, actual.length, "number of sections");
        for (int s = 0; s < expected.length; s++) {
            for (int c = 0; c < 6; c++) {
                assertEquals(expected[s][c], actual[s][c], 1e-13 * Math.max(1, Math.abs(expected[s][c])),
                        "section " + s + " coefficient " + c);
            }
        }
    }
}
