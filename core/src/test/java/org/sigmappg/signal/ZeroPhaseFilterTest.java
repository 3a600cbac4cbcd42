package org.sigmappg.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZeroPhaseFilterTest {
    /*
     * python3 -c "import numpy as np, scipy.signal as s; i = np.arange(64);
     *   x = np.sin(2*np.pi*1.3*i/125) + 0.5*np.cos(2*np.pi*5*i/125) + 0.01*i;
     *   sos = s.butter(2, [0.5, 8], btype='band', fs=125, output='sos');
     *   print(list(s.sosfiltfilt(sos, x))); print(list(s.sosfiltfilt(sos, x[:10], padlen=9)))"
     * (SciPy 1.17.1)
     */
    private static final double[] SCIPY_64 = {-0.44578865256367806, -0.4321056822333578, -0.4227346729386949,
            -0.42088911268173756, -0.42801564615047827, -0.4435084836607632, -0.4648066402950767, -0.487763130102714,
            -0.5071820317093231, -0.5174326054594238, -0.5130658323972409, -0.48937551594531387, -0.4428620494256551,
            -0.37157141130044563, -0.27529465952053644, -0.155624160497425, -0.015872112995805293, 0.13913527426445665,
            0.3033682500887002, 0.46998403286665447, 0.6317693446380183, 0.7816050562030892, 0.9129227258993108,
            1.0201241007712856, 1.0989374764202289, 1.1466890528099056, 1.1624728672758753, 1.1472092443455986,
            1.103588621064255, 1.0359046876833329, 0.9497876081372614, 0.851854241521711, 0.7492973987628386,
            0.6494399225735449, 0.5592815407812616, 0.48506687879252774, 0.4319016997333029, 0.4034414538048164,
            0.4016717488950271, 0.42679468112427604, 0.4772284377015213, 0.5497206043588976, 0.6395685957479296,
            0.7409339919526593, 0.8472316851659741, 0.9515699362426246, 1.0472139531985603, 1.1280435880243933,
            1.1889752727806213, 1.2263193726758825, 1.2380466588350678, 1.2239415069650614, 1.1856246299106705,
            1.1264346174385265, 1.0511653251905284, 0.965665353125987, 0.8763166798613208, 0.7894221872605462,
            0.7105464434981044, 0.6438705812226768, 0.5916397975012206, 0.5537995418211554, 0.5279314114108165,
            0.5096083520770365};
    private static final double[] SCIPY_10_PADLEN_9 = {0.1817558842349646, 0.20713035181607192, 0.22849998767440727,
            0.2423475893800619, 0.24655549590667772, 0.24057010899111853, 0.22521389217226315, 0.20228522452405137,
            0.17408923700733228, 0.1430377126015687};

    private static double[] testSignal(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.sin(2 * Math.PI * 1.3 * i / 125) + 0.5 * Math.cos(2 * Math.PI * 5 * i / 125) + 0.01 * i;
        }
        return x;
    }

    @Test
    void matchesScipySosfiltfilt() {
        double[][] sos = Butterworth.bandPass(2, 0.5, 8, 125);
        assertEquals(15, ZeroPhaseFilter.defaultPadLength(sos), "scipy's padlen for two sections");
        assertClose(SCIPY_64, ZeroPhaseFilter.filtfilt(sos, testSignal(64)), 1e-9);
    }

    @Test
    void shortRecordUsesTheLongestPossiblePad() {
        double[][] sos = Butterworth.bandPass(2, 0.5, 8, 125);
        double[] x = new double[10];
        System.arraycopy(testSignal(64), 0, x, 0, 10);
        assertClose(SCIPY_10_PADLEN_9, ZeroPhaseFilter.filtfilt(sos, x), 1e-9);
        assertEquals(1, ZeroPhaseFilter.filtfilt(sos, new double[] {3.0}).length);
        assertEquals(0, ZeroPhaseFilter.filtfilt(sos, new double[0]).length);
        assertThrows(IllegalArgumentException.class, () -> ZeroPhaseFilter.filtfilt(sos, x, 10));
    }

    /**
     * Forward-backward filtering has magnitude |H|^2. The analog band-pass Butterworth of order N has
     * |H(jW)|^2 = 1 / (1 + eps^(2N)), eps = (W^2 - W0^2) / (W * B), W0^2 = W1 * W2, B = W2 - W1, and the
     * bilinear transform maps digital f to W = tan(pi f / fs) (any common scale cancels in eps).
     */
    @ParameterizedTest
    @CsvSource({"125, 0.1", "125, 0.5", "125, 1", "125, 3", "125, 8", "125, 15",
            "1000, 0.1", "1000, 0.5", "1000, 1", "1000, 3", "1000, 8", "1000, 15"})
    void magnitudeResponseIsTheSquaredAnalogButterworth(double fs, double f) {
        int order = 2;
        double w = Math.tan(Math.PI * f / fs);
        double w1 = Math.tan(Math.PI * 0.5 / fs);
        double w2 = Math.tan(Math.PI * 8 / fs);
        double eps = (w * w - w1 * w2) / (w * (w2 - w1));
        double expected = 1 / (1 + Math.pow(eps, 2 * order));

        double seconds = 400;
        int n = (int) (seconds * fs);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.sin(2 * Math.PI * f * i / fs);
        }
        double[] y = ZeroPhaseFilter.filtfilt(Butterworth.bandPass(order, 0.5, 8, fs), x);
        double measured = amplitude(y, f, fs, (int) (100 * fs), (int) (300 * fs));
        assertEquals(expected, measured, 1e-6 * expected + 1e-10, "gain at " + f + " Hz, fs " + fs);
    }

    /** Amplitude of the f-Hz component of y over [from, to), which must span whole periods. */
    private static double amplitude(double[] y, double f, double fs, int from, int to) {
        double s = 0;
        double c = 0;
        for (int i = from; i < to; i++) {
            double phase = 2 * Math.PI * f * i / fs;
            s += y[i] * Math.sin(phase);
            c += y[i] * Math.cos(phase);
        }
        int n = to - from;
        return 2 * Math.hypot(s, c) / n;
    }

    private static void assertClose(double[] expected, double[] actual, double relative) {
        assertEquals(expected.length, actual.length, "length");
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relative * scale, "sample " + i);
        }
    }
}
