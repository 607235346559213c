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
}
