package dev.backprop.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backprop.array.NdArray;
import dev.backprop.array.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PullbackTest {
    @Test
    void aSelectivePullbackCalledWithoutAMaskComputesEveryGradientWhateverItsArity() {
        for (int inputs : new int[] {1, 3, 8, 12}) {
            List<boolean[]> seen = new ArrayList<>();
            Pullback pullback = Pullback.selective(inputs, (gradOut, needed) -> {
                seen.add(needed.clone());
                List<NdArray> grads = new ArrayList<>();
                for (boolean n : needed) {
                    grads.add(n ? gradOut : null);
                }
                return grads;
            });
            NdArray g = NdArray.ones(Shape.of(2));
            assertEquals(inputs, pullback.apply(g).size());
            boolean[] all = new boolean[inputs];
            java.util.Arrays.fill(all, true);
            assertArrayEquals(all, seen.get(0));
            boolean[] some = new boolean[inputs];
            some[inputs - 1] = true;
            List<NdArray> grads = pullback.apply(g, some);
            assertEquals(g, grads.get(inputs - 1));
            assertArrayEquals(some, seen.get(1));
        }
    }
}
