package dev.backprop.array.kernel;

/**
 * Walks up to three strided views of one shape row by row: axes that are contiguous in every operand are merged and
 * the last merged axis becomes the inner row, so a kernel sees long runs with fixed inner strides.
 */
public final class StridedLoop {
    /** One row: the start offset in each operand and the row length; the inner strides are the loop's fields. */
    @FunctionalInterface
    public interface Row {
        void run(int offsetA, int offsetB, int offsetOut, int length);
    }

    public final int strideA;
    public final int strideB;
    public final int strideOut;
    public final int length;
    private final int[] outerDims;
    private final int[] outerA;
    private final int[] outerB;
    private final int[] outerOut;
    private final int baseA;
    private final int baseB;
    private final int baseOut;
    private final int rows;

    /**
     * Plans a walk over {@code dims}; {@code stridesB} may be null when there is no second input. Strides of 0 express
     * broadcasting.
     */
    public StridedLoop(
            int[] dims, int offsetA, int[] stridesA, int offsetB, int[] stridesB, int offsetOut, int[] stridesOut) {
        int rank = dims.length;
        int[] d = new int[Math.max(rank, 1)];
        int[] sa = new int[d.length];
        int[] sb = new int[d.length];
        int[] so = new int[d.length];
        int r = 0;
        boolean empty = false;
        for (int i = 0; i < rank; i++) {
            if (dims[i] == 0) {
                empty = true;
            }
            if (dims[i] == 1) {
                continue; // size-1 axes never move an offset
            }
            int a = stridesA[i], b = stridesB == null ? 0 : stridesB[i], o = stridesOut[i];
            if (r > 0 && sa[r - 1] == a * dims[i] && sb[r - 1] == b * dims[i] && so[r - 1] == o * dims[i]) {
                d[r - 1] *= dims[i]; // contiguous with the previous axis in every operand: merge
                sa[r - 1] = a;
                sb[r - 1] = b;
                so[r - 1] = o;
            } else {
                d[r] = dims[i];
                sa[r] = a;
                sb[r] = b;
                so[r] = o;
                r++;
            }
        }
        if (r == 0) {
            d[0] = 1;
            r = 1;
        }
        this.length = empty ? 0 : d[r - 1];
        this.strideA = sa[r - 1];
        this.strideB = sb[r - 1];
        this.strideOut = so[r - 1];
        this.outerDims = java.util.Arrays.copyOf(d, r - 1);
        this.outerA = java.util.Arrays.copyOf(sa, r - 1);
        this.outerB = java.util.Arrays.copyOf(sb, r - 1);
        this.outerOut = java.util.Arrays.copyOf(so, r - 1);
        this.baseA = offsetA;
        this.baseB = offsetB;
        this.baseOut = offsetOut;
        int n = empty ? 0 : 1;
        for (int x : outerDims) {
            n *= x;
        }
        this.rows = n;
    }

    /** Number of rows. */
    public int rows() {
        return rows;
    }

    /**
     * Whether every row has an output offset of its own: no outer axis leaves the output where it is (a reduction may
     * then give rows to different threads).
     */
    public boolean rowsApart() {
        for (int o : outerOut) {
            if (o == 0) {
                return false;
            }
        }
        return true;
    }

    /** Runs {@code row} for every row. */
    public void forEach(Row row) {
        forRows(0, rows, row);
    }

    /** Runs {@code row} for rows {@code [from, to)}, in order; used to split rows across threads. */
    public void forRows(int from, int to, Row row) {
        if (from >= to || length == 0) {
            return;
        }
        int outer = outerDims.length;
        int[] index = new int[outer];
        int a = baseA, b = baseB, o = baseOut;
        int rest = from;
        for (int i = outer - 1; i >= 0; i--) {
            index[i] = rest % outerDims[i];
            rest /= outerDims[i];
            a += index[i] * outerA[i];
            b += index[i] * outerB[i];
            o += index[i] * outerOut[i];
        }
        for (int n = from; n < to; n++) {
            row.run(a, b, o, length);
            for (int i = outer - 1; i >= 0; i--) { // odometer step
                if (++index[i] < outerDims[i]) {
                    a += outerA[i];
                    b += outerB[i];
                    o += outerOut[i];
                    break;
                }
                a -= (outerDims[i] - 1) * outerA[i];
                b -= (outerDims[i] - 1) * outerB[i];
                o -= (outerDims[i] - 1) * outerOut[i];
                index[i] = 0;
            }
        }
    }
}
