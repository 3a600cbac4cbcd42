package org.sigmappg.io.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorToolsTest {
    /**
     * Every one of the 65,536 binary16 patterns against the value the IEEE 754 definition gives, computed a
     * second way: (-1)^sign x 2^(exponent - 15) x (1 + mantissa / 1024), or 2^-14 x mantissa / 1024 when the
     * exponent field is 0; all ones in the exponent is infinity (mantissa 0) or NaN.
     */
    @Test
    void everyHalfConvertsExactly() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int sign = bits >>> 15;
            int exponent = (bits >>> 10) & 0x1F;
            int mantissa = bits & 0x3FF;
            double magnitude = exponent == 0 ? Math.scalb(mantissa / 1024.0, -14)
                    : exponent == 31 ? (mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                    : Math.scalb(1 + mantissa / 1024.0, exponent - 15);
            float expected = (float) (sign == 1 ? -magnitude : magnitude);
            float got = TensorTools.halfToFloat(bits);
            if (Float.isNaN(expected)) {
                assertTrue(Float.isNaN(got), Integer.toHexString(bits));
            } else {
                assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(got), Integer.toHexString(bits));
            }
        }
    }

    /** Sizes of 1 may have any stride (torch writes arbitrary ones there); other dimensions must tile row-major. */
    @Test
    void contiguityIgnoresUnitDimensions() {
        assertTrue(TensorTools.isContiguous(new long[] {2, 1, 3}, new long[] {3, 99, 1}));
        assertTrue(TensorTools.isContiguous(new long[] {}, new long[] {}));
        assertFalse(TensorTools.isContiguous(new long[] {3, 2}, new long[] {1, 3}));
        assertFalse(TensorTools.isContiguous(new long[] {3}, new long[] {2}));
    }
}
