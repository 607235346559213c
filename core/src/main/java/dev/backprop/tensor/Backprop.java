package dev.backprop.tensor;

import dev.backprop.array.NdArray;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Reverse-mode differentiation: orders the graph behind a tensor topologically, then visits it once from the output
 * back, calling each node's pullback and summing gradients where a tensor feeds several ops. Leaves that require
 * gradients accumulate into {@link Tensor#grad()}; every node is released as it is passed, so memory is returned.
 */
final class Backprop {
    private Backprop() {}

    static void run(Tensor root, NdArray gradOut) {
        List<Tensor> order = topologicalOrder(root);
        root.pending = gradOut;
        for (int n = order.size() - 1; n >= 0; n--) {
            Tensor t = order.get(n);
            Tensor.Node node = t.node;
            NdArray g = t.pending;
            t.pending = null;
            t.node = null; // release the graph (inputs and what the pullback closes over)
            t.released = true;
            if (g == null) {
                continue;
            }
            Tensor[] inputs = node.inputs();
            boolean[] needed = new boolean[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                needed[i] = inputs[i].requiresGrad();
            }
            List<NdArray> grads = node.pullback().apply(g, needed);
            for (int i = 0; i < inputs.length; i++) {
                NdArray gi = grads.get(i);
                if (!needed[i] || gi == null) {
                    continue;
                }
                Tensor input = inputs[i];
                if (!gi.shape().equals(input.value().shape())) {
                    throw new IllegalStateException(
                            node.op().name() + " pullback returned a gradient of shape " + gi.shape() + " for input "
                                    + i + " of shape " + input.value().shape());
                }
                if (input.node == null && input.released) {
                    throw new IllegalStateException("backward: " + node.op().name()
                            + " reads a tensor whose graph an earlier backward() already released; run the forward"
                            + " pass again before calling backward() a second time");
                }
                if (input.node != null) {
                    input.pending = input.pending == null ? gi : input.pending.add(gi);
                } else {
                    input.accumulateGrad(gi);
                }
            }
        }
        if (root.node == null && order.isEmpty()) {
            root.accumulateGrad(gradOut); // backward on a leaf: its gradient is the upstream one
        }
    }

    /** Interior nodes reachable from {@code root}, each after all its inputs (iterative, so long chains are fine). */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        if (root.node == null) {
            return order;
        }
        long mark = Tensor.nextMark();
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<int[]> next = new ArrayDeque<>();
        root.mark = mark;
        stack.push(root);
        next.push(new int[] {0});
        while (!stack.isEmpty()) {
            Tensor t = stack.peek();
            int[] cursor = next.peek();
            Tensor[] inputs = t.node.inputs();
            if (cursor[0] < inputs.length) {
                Tensor input = inputs[cursor[0]++];
                if (input.node != null && input.mark != mark) {
                    input.mark = mark;
                    stack.push(input);
                    next.push(new int[] {0});
                }
            } else {
                stack.pop();
                next.pop();
                order.add(t);
            }
        }
        return order;
    }
}
