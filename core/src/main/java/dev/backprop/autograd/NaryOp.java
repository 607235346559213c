package dev.backprop.autograd;

import dev.backprop.array.NdArray;
import java.util.List;

/** An op of any number of inputs. */
public sealed interface NaryOp extends Op permits Concat, Conv2d {
    Result forward(List<NdArray> inputs);
}
