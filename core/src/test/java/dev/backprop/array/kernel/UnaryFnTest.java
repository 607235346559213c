package dev.backprop.array.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnaryFnTest {
    @Test
    void erfMatchesReferenceValues() { // values from Abramowitz and Stegun, table 7.1
        assertEquals(0.0, UnaryFn.erf(0), 2e-7);
        assertEquals(0.5204998778, UnaryFn.erf(0.5), 2e-7);
        assertEquals(0.8427007929, UnaryFn.erf(1), 2e-7);
        assertEquals(-0.9953222650, UnaryFn.erf(-2), 2e-7);
        assertEquals(0.9999779095, UnaryFn.erf(3), 2e-7);
    }

    @Test
    void stableFormsStayFiniteAtExtremes() {
        assertEquals(1f, UnaryFn.sigmoid(1000f));
        assertEquals(0f, UnaryFn.sigmoid(-1000f));
        assertEquals(1000f, UnaryFn.softplus(1000f));
        assertEquals(0f, UnaryFn.softplus(-1000f));
        assertEquals(0.8413447, UnaryFn.GELU.apply(1f), 1e-6); // x * Phi(x) at 1
    }

    @Test
    void theNormalCdfKeepsItsRelativePrecisionFarBelowZero() {
        // 1 + erf(x / sqrt 2) cancelled to 0 below about -8.3; reference values of the normal tail
        assertEquals(1.349898031630095e-3, UnaryFn.normalCdf(-3), 1.349898031630095e-3 * 2e-7);
        assertEquals(7.619853024160527e-24, UnaryFn.normalCdf(-10), 7.619853024160527e-24 * 2e-7);
        assertEquals(1.0 - 1.349898031630095e-3, UnaryFn.normalCdf(3), 2e-10);
        assertEquals(-7.619853e-23f, UnaryFn.GELU.apply(-10f), 7.62e-23f * 1e-6f);
        assertEquals(1.0833154705876864, UnaryFn.GELU_DERIVATIVE.apply(1f), 2e-7); // Phi(1) + phi(1)
        assertEquals(-0.0833154705876864, UnaryFn.GELU_DERIVATIVE.apply(-1f), 2e-7);
        assertEquals(0.0, UnaryFn.normalCdf(Double.NEGATIVE_INFINITY));
        assertEquals(1.0, UnaryFn.normalCdf(Double.POSITIVE_INFINITY));
    }
}
