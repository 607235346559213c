package dev.backprop.array.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix multiply on the Vector API in the BLIS style (Van Zee and van de Geijn, 2015): B is packed into
 * {@code KC x NR} micro-panels and A into {@code MR x KC} micro-panels, and a register-blocked micro-kernel keeps an
 * {@code MR x NR} tile of C in vector registers across the whole {@code KC} loop. With 512-bit vectors (AVX-512, 32
 * registers) the tile is 8 rows x 2 vectors, 16 accumulators; with narrower ones (AVX2, 16 registers) 4 rows x 2
 * vectors, since 16 accumulators and their operands spill there: on this machine limited to AVX2, 8 x 16 ran at 74
 * GFLOP/s on one core, 4 x 16 at 103, the core's peak. Edge tiles are computed on zero-padded panels into a scratch
 * tile. The packed B starts on a cache line where {@link CacheLines} can tell where that is: the micro-kernel loads
 * all of B as whole vectors, and a vector across two lines costs two reads.
 *
 * <p>Loaded only when the JVM has {@code jdk.incubator.vector} (see {@link Gemm}); any strides work, so transposed
 * operands need no copy beyond the packing every GEMM does ({@link VectorPanels}).
 */
final class VectorGemm implements Gemm.Kernel {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int MR = L >= 16 ? 8 : 4;
    static final int NR = 2 * L;
    private static final int KC = 256;
    private static final int MC = 128;
    private static final int NC = Math.max(NR, (4096 / NR) * NR);

    private static final ThreadLocal<float[]> PACKED_A = ThreadLocal.withInitial(() -> new float[MC * KC]);
    private static final ThreadLocal<float[]> PACKED_B =
            ThreadLocal.withInitial(() -> new float[KC * NC + CacheLines.FLOATS]);
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);

    @Override
    public String describe() {
        return "Vector API, " + S.vectorBitSize() + "-bit (" + L + " floats), micro-kernel " + MR + "x" + NR
                + (CacheLines.known() ? "" : ", panels not cache-aligned (jdk.internal.misc not exported)");
    }

    @Override
    public void multiply(int m, int n, int k, Operand a, Operand b, float[] c, int cOff, int ldc, boolean accumulate) {
        if (a.colStride() == 1 && b.rowStride() == 1 && k >= 4 * L && (n <= NR / 2 || m <= MR / 2)) {
            if (!accumulate) {
                Gemm.zero(m, n, c, cOff, ldc);
            }
            int blocks = (m + 3) / 4; // few outputs, long sums along contiguous rows: dot products, no packing
            long flops = 2L * m * n * k;
            Parallel.forRange(
                    blocks,
                    grain(blocks, flops),
                    (s, e) -> VectorDots.rows(4 * s, Math.min(m, 4 * e), n, k, a, b, c, cOff, ldc));
            return;
        }
        int mc = rowBlock(m);
        int blocks = (m + mc - 1) / mc;
        long flops = 2L * m * n * k;
        int threads = Parallel.threads();
        if (threads == 1 || flops < (1L << 20)) {
            rowsOfC(0, blocks, mc, m, n, k, a, b, c, cOff, ldc, accumulate);
            return;
        }
        // Split the product across threads where that packs least: each thread packs the panels of A and B it uses
        // into its own buffers, so splitting the rows of C has every thread pack all of B, splitting the columns all of
        // A, and splitting the sum over k neither, at the price of a partial C per thread to add up.
        long byRows = (long) k * n + (long) m * k / threads, byColumns = (long) m * k + (long) k * n / threads;
        long bySum = ((long) m * k + (long) k * n) / threads + 2L * m * n;
        boolean rowsFit = blocks >= threads, columnsFit = n >= threads * NR, sumFits = k >= threads * KC;
        if (sumFits && (!rowsFit || bySum < byRows) && (!columnsFit || bySum < byColumns) && (long) m * n <= 1 << 20) {
            splitSum(m, n, k, mc, a, b, c, cOff, ldc, threads, accumulate);
        } else if (columnsFit && (!rowsFit || byColumns < byRows)) {
            int chunk = ((n + threads - 1) / threads + NR - 1) / NR * NR;
            Parallel.forRange(threads, 1, (s, e) -> {
                for (int t = s; t < e && t * chunk < n; t++) {
                    int j0 = t * chunk, cols = Math.min(chunk, n - j0);
                    Operand bj = new Operand(b.data(), b.at(0, j0), b.rowStride(), b.colStride());
                    rowsOfC(0, blocks, mc, m, cols, k, a, bj, c, cOff + j0, ldc, accumulate);
                }
            });
        } else {
            // rows of C across threads, one fork-join for the whole product
            Parallel.forRange(
                    blocks, grain(blocks, flops), (s, e) -> rowsOfC(s, e, mc, m, n, k, a, b, c, cOff, ldc, accumulate));
        }
    }

    /**
     * {@code C += A B} as {@code threads} products over slices of the sum's index, the first into C, the others into
     * buffers that are then added to C: for a few rows and columns and a long sum (a dense layer's forward pass on a
     * batch, {@code [128 x 5408] x [5408 x 128]}), where any split of C would have each thread pack most of A or B.
     */
    private static void splitSum(
            int m,
            int n,
            int k,
            int mc,
            Operand a,
            Operand b,
            float[] c,
            int cOff,
            int ldc,
            int threads,
            boolean accumulate) {
        int blocks = (m + mc - 1) / mc, chunk = ((k + threads - 1) / threads + KC - 1) / KC * KC;
        int parts = (k + chunk - 1) / chunk;
        float[][] partial = new float[parts][];
        Parallel.forRange(parts, 1, (s, e) -> {
            for (int t = s; t < e; t++) {
                int p0 = t * chunk, depth = Math.min(chunk, k - p0);
                Operand ap = new Operand(a.data(), a.at(0, p0), a.rowStride(), a.colStride());
                Operand bp = new Operand(b.data(), b.at(p0, 0), b.rowStride(), b.colStride());
                if (t == 0) {
                    rowsOfC(0, blocks, mc, m, n, depth, ap, bp, c, cOff, ldc, accumulate);
                } else {
                    partial[t] = new float[m * n];
                    rowsOfC(0, blocks, mc, m, n, depth, ap, bp, partial[t], 0, n, false);
                }
            }
        });
        Parallel.forRange(m, Math.max(1, m / threads), (s, e) -> {
            for (int t = 1; t < parts; t++) {
                float[] p = partial[t];
                for (int i = s; i < e; i++) {
                    int row = cOff + i * ldc, src = i * n, j = 0;
                    for (int bound = S.loopBound(n); j < bound; j += L) {
                        FloatVector.fromArray(S, c, row + j)
                                .add(FloatVector.fromArray(S, p, src + j))
                                .intoArray(c, row + j);
                    }
                    for (; j < n; j++) {
                        c[row + j] += p[src + j];
                    }
                }
            }
        });
    }

    /**
     * Row blocks {@code [from, to)} of C over the whole product, on one thread; unless {@code accumulate}, the first
     * block of the sum writes C instead of adding to it.
     */
    private static void rowsOfC(
            int from,
            int to,
            int mc,
            int m,
            int n,
            int k,
            Operand a,
            Operand b,
            float[] c,
            int cOff,
            int ldc,
            boolean accumulate) {
        float[] packedB = PACKED_B.get();
        int bStart = CacheLines.skip(packedB); // every vector load of the micro-kernel then stays within a cache line
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int panels = (nc + NR - 1) / NR;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                VectorPanels.packB(b, pc, jc, kc, nc, packedB, bStart);
                for (int ib = from; ib < to; ib++) {
                    int i0 = ib * mc, rows = Math.min(mc, m - i0);
                    float[] packedA = VectorPanels.packA(a, i0, pc, rows, kc, PACKED_A.get());
                    panels(
                            rows,
                            nc,
                            kc,
                            packedA,
                            packedB,
                            bStart,
                            0,
                            panels,
                            c,
                            cOff + i0 * ldc + jc,
                            ldc,
                            accumulate || pc > 0);
                }
            }
        }
    }

    /**
     * Rows per block of A: at most MC, a multiple of MR, and chosen so the blocks split evenly over the threads (with
     * a fixed 96, m = 128 would split 96 + 32 and leave one core idle a quarter of the time).
     */
    static int rowBlock(int m) {
        int threads = Parallel.threads();
        int wanted = threads * Math.max(1, (m + threads * MC - 1) / (threads * MC));
        int rows = (m + wanted - 1) / wanted;
        return Math.min(MC, (rows + MR - 1) / MR * MR);
    }

    private static int grain(int items, long flops) {
        return flops < (1L << 20) ? Integer.MAX_VALUE : Math.max(1, items / Parallel.threads());
    }

    /**
     * Micro-panels {@code [from, to)} of B (packed from {@code bStart}) against the packed block of A: C's tiles added
     * to, or written unless {@code load}.
     */
    private static void panels(
            int mc,
            int nc,
            int kc,
            float[] packedA,
            float[] packedB,
            int bStart,
            int from,
            int to,
            float[] c,
            int cOff,
            int ldc,
            boolean load) {
        float[] tile = TILE.get();
        for (int jp = from; jp < to; jp++) {
            int nr = Math.min(NR, nc - jp * NR);
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                int cTile = cOff + ir * ldc + jp * NR;
                if (mr == MR && nr == NR) {
                    kernel(kc, packedA, ir * kc, packedB, bStart + jp * NR * kc, c, cTile, ldc, load);
                } else { // an edge: compute the full tile on padded panels, keep the valid part
                    kernel(kc, packedA, ir * kc, packedB, bStart + jp * NR * kc, tile, 0, NR, false);
                    for (int r = 0; r < mr; r++) {
                        for (int q = 0; q < nr; q++) {
                            c[cTile + r * ldc + q] = (load ? c[cTile + r * ldc + q] : 0f) + tile[r * NR + q];
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code C[MR x 2L] += A_panel (MR x kc) * B_panel (kc x 2L)}, or {@code =} unless {@code load}, the tile held in
     * vector registers: with MR = 8, 10 loads feed 16 FMAs per step (8 x 32 measured 155 GFLOP/s on one AVX-512 core
     * in context here, 6 x 32 125, 6 x 48 143; in isolation, with its panels in L1, 216, the core's turbo peak).
     */
    private static void kernel(
            int kc, float[] pa, int aOff, float[] pb, int bOff, float[] c, int cOff, int ldc, boolean load) {
        if (MR == 8) {
            kernel8(kc, pa, aOff, pb, bOff, c, cOff, ldc, load);
        } else {
            kernel4(kc, pa, aOff, pb, bOff, c, cOff, ldc, load);
        }
    }

    /** {@link #kernel} for four rows: 8 accumulators, for 16-register machines. */
    private static void kernel4(
            int kc, float[] pa, int aOff, float[] pb, int bOff, float[] c, int cOff, int ldc, boolean load) {
        FloatVector c00 = tileRow(c, cOff, load), c01 = tileRow(c, cOff + L, load);
        FloatVector c10 = tileRow(c, cOff + ldc, load), c11 = tileRow(c, cOff + ldc + L, load);
        FloatVector c20 = tileRow(c, cOff + 2 * ldc, load), c21 = tileRow(c, cOff + 2 * ldc + L, load);
        FloatVector c30 = tileRow(c, cOff + 3 * ldc, load), c31 = tileRow(c, cOff + 3 * ldc + L, load);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * 4, bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, pb, bi), b1 = FloatVector.fromArray(S, pb, bi + L);
            FloatVector x = FloatVector.broadcast(S, pa[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, pa[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, pa[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, pa[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + L);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + L);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + L);
    }

    /** {@link #kernel} for eight rows: 16 accumulators, for 32-register machines. */
    private static void kernel8(
            int kc, float[] pa, int aOff, float[] pb, int bOff, float[] c, int cOff, int ldc, boolean load) {
        FloatVector c00 = tileRow(c, cOff, load), c01 = tileRow(c, cOff + L, load);
        FloatVector c10 = tileRow(c, cOff + ldc, load), c11 = tileRow(c, cOff + ldc + L, load);
        FloatVector c20 = tileRow(c, cOff + 2 * ldc, load), c21 = tileRow(c, cOff + 2 * ldc + L, load);
        FloatVector c30 = tileRow(c, cOff + 3 * ldc, load), c31 = tileRow(c, cOff + 3 * ldc + L, load);
        FloatVector c40 = tileRow(c, cOff + 4 * ldc, load), c41 = tileRow(c, cOff + 4 * ldc + L, load);
        FloatVector c50 = tileRow(c, cOff + 5 * ldc, load), c51 = tileRow(c, cOff + 5 * ldc + L, load);
        FloatVector c60 = tileRow(c, cOff + 6 * ldc, load), c61 = tileRow(c, cOff + 6 * ldc + L, load);
        FloatVector c70 = tileRow(c, cOff + 7 * ldc, load), c71 = tileRow(c, cOff + 7 * ldc + L, load);
        for (int p = 0; p < kc; p++) { // indices from the one loop variable, so the JIT hoists the bounds checks
            int ai = aOff + p * 8, bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, pb, bi), b1 = FloatVector.fromArray(S, pb, bi + L);
            FloatVector x = FloatVector.broadcast(S, pa[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, pa[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, pa[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, pa[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, pa[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, pa[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, pa[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, pa[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + L);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + L);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + L);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + L);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + L);
        c60.intoArray(c, cOff + 6 * ldc);
        c61.intoArray(c, cOff + 6 * ldc + L);
        c70.intoArray(c, cOff + 7 * ldc);
        c71.intoArray(c, cOff + 7 * ldc + L);
    }

    /** A vector of C's tile, or zeros when C is being written rather than added to (its old values are not read). */
    private static FloatVector tileRow(float[] c, int off, boolean load) {
        return load ? FloatVector.fromArray(S, c, off) : FloatVector.zero(S);
    }
}
