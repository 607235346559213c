package dev.backprop.array.kernel;

import static dev.backprop.array.kernel.VectorGemm.L;
import static dev.backprop.array.kernel.VectorGemm.MR;
import static dev.backprop.array.kernel.VectorGemm.NR;
import static dev.backprop.array.kernel.VectorGemm.S;

import jdk.incubator.vector.FloatVector;

/**
 * Packing for {@link VectorGemm}: blocks of A into MR-row micro-panels and blocks of B into NR-column ones, in the
 * order the micro-kernel reads them, from operands with any strides.
 */
final class VectorPanels {
    /**
     * Whether packing may use vector gathers: x86 has them from AVX2 on (8 or 16 lanes, where MR = L / 2, which packA's
     * gather relies on); with 128-bit vectors (NEON) there are none, and the Vector API would emulate them.
     */
    private static final boolean GATHERS = L >= 8 && MR * 2 == L;

    private VectorPanels() {}

    /**
     * Every NR-column micro-panel of the {@code kc x nc} block of B whose corner is {@code (p0, j0)}, into {@code
     * packedB} from {@code start}.
     */
    static void packB(Operand b, int p0, int j0, int kc, int nc, float[] packedB, int start) {
        int off = b.at(p0, j0), row = b.rowStride(), col = b.colStride();
        if (GATHERS && row == 1 && col != 1 && nc >= NR) { // a transposed B: its panels' rows gathered, columns L apart
            int[] columns = new int[L];
            for (int q = 0; q < L; q++) {
                columns[q] = q * col;
            }
            int whole = nc / NR * NR;
            for (int jp = 0; jp * NR < whole; jp++) {
                packTransposedB(b.data(), off + jp * NR * col, L * col, kc, columns, packedB, start + jp * NR * kc);
            }
            if (whole < nc) {
                panel(b.data(), off + whole * col, row, col, kc, nc - whole, packedB, start + whole * kc);
            }
            return;
        }
        for (int jp = 0; jp * NR < nc; jp++) {
            panel(
                    b.data(),
                    off + jp * NR * col,
                    row,
                    col,
                    kc,
                    Math.min(NR, nc - jp * NR),
                    packedB,
                    start + jp * NR * kc);
        }
    }

    /**
     * A's {@code mc x kc} block at {@code (i0, p0)} as MR-row micro-panels, p-major within each, zero-padded to a
     * multiple of MR. A whole panel is read with one vector gather per two steps of p: for a row-major A that is MR
     * rows read a column at a time, which element by element took 8-15% of a dense layer's products (W2's 128 x 128 x
     * 5408: 680 -> 600 us).
     */
    static float[] packA(Operand operand, int i0, int p0, int mc, int kc, float[] out) {
        float[] a = operand.data();
        int off = operand.at(i0, p0), row = operand.rowStride(), col = operand.colStride();
        int pairs = kc / 2 * 2, gathered = GATHERS && pairs > 0 ? mc / MR * MR : 0; // rows whose pairs are gathered
        if (gathered > 0) {
            int[] twoSteps = new int[L]; // element r of step p, then of step p + 1
            for (int r = 0; r < MR; r++) {
                twoSteps[r] = r * row;
                twoSteps[MR + r] = col + r * row;
            }
            for (int ir = 0; ir < gathered; ir += MR) {
                int base = ir * kc, src = off + ir * row;
                for (int p = 0; p < pairs; p += 2) {
                    FloatVector.fromArray(S, a, src + p * col, twoSteps, 0).intoArray(out, base + p * MR);
                }
            }
        }
        for (int ir = 0; ir < mc; ir += MR) { // what the gathers left: an odd last step, a partial last panel
            int base = ir * kc, rows = Math.min(MR, mc - ir);
            for (int p = ir < gathered ? pairs : 0; p < kc; p++) {
                int src = off + ir * row + p * col, dst = base + p * MR;
                for (int r = 0; r < rows; r++) {
                    out[dst + r] = a[src + r * row];
                }
                for (int r = rows; r < MR; r++) {
                    out[dst + r] = 0f;
                }
            }
        }
        return out;
    }

    /**
     * One whole NR-column micro-panel of a B whose rows are contiguous in memory ({@code B^T} row-major, as in a weight
     * gradient {@code dY X^T}): each of its rows is two gathers of L elements, {@code columns} holding their offsets and
     * {@code half} the distance to the second L (64 x 288 x 576, a convolution's weight gradient: 199 -> 156 us on one
     * core, where the scalar loop read one element at a time).
     */
    private static void packTransposedB(float[] b, int off, int half, int kc, int[] columns, float[] out, int dst) {
        for (int p = 0; p < kc; p++) {
            int d = dst + p * NR;
            FloatVector.fromArray(S, b, off + p, columns, 0).intoArray(out, d);
            FloatVector.fromArray(S, b, off + p + half, columns, 0).intoArray(out, d + L);
        }
    }

    /** One NR-column micro-panel of B, row-major, zero-padded to NR columns. */
    private static void panel(float[] b, int off, int row, int col, int kc, int nr, float[] out, int dst) {
        if (col == 1 && nr == NR) { // whole rows of the panel: two vector moves each (an arraycopy call costs more)
            for (int p = 0; p < kc; p++) {
                int src = off + p * row, d = dst + p * NR;
                FloatVector.fromArray(S, b, src).intoArray(out, d);
                FloatVector.fromArray(S, b, src + L).intoArray(out, d + L);
            }
            return;
        }
        for (int p = 0; p < kc; p++) {
            int src = off + p * row, d = dst + p * NR;
            if (col == 1) {
                System.arraycopy(b, src, out, d, nr);
            } else {
                for (int q = 0; q < nr; q++) {
                    out[d + q] = b[src + q * col];
                }
            }
            for (int q = nr; q < NR; q++) {
                out[d + q] = 0f;
            }
        }
    }
}
