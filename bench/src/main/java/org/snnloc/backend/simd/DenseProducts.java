package org.snnloc.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dense alternative to {@link InputProducts}, kept here to measure against it (docs/performance.md):
 * register-tiled matrix products over x stored as 0/1 floats. A tile of 6 output rows by 2
 * vectors lives in 12 vector registers while the shared dimension streams by: each loaded W (or
 * dh1) vector feeds 6 fused multiply-adds, each broadcast x value 2.
 *
 * <p>For the benchmark only: rows must be a multiple of 6 and hp of 2 vectors; other inputs
 * rows go through a one-row loop.
 */
final class DenseProducts {
    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.LENGTH;

    private DenseProducts() {}

    /** {@code h (rows, hp) = x (rows, inputs) W (inputs, hp)}; rows % 6 == 0, hp % 2L == 0. */
    static void inputCurrents(float[] x, int rows, int inputs, float[] w, int hp, float[] h) {
        for (int r = 0; r < rows; r += 6) {
            int x0 = r * inputs, x1 = x0 + inputs, x2 = x1 + inputs, x3 = x2 + inputs, x4 = x3 + inputs, x5 = x4 + inputs;
            for (int c = 0; c < hp; c += 2 * L) {
                FloatVector a00 = FloatVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00;
                FloatVector a30 = a00, a31 = a00, a40 = a00, a41 = a00, a50 = a00, a51 = a00;
                for (int k = 0; k < inputs; k++) {
                    FloatVector w0 = FloatVector.fromArray(S, w, k * hp + c), w1 = FloatVector.fromArray(S, w, k * hp + c + L);
                    FloatVector b = FloatVector.broadcast(S, x[x0 + k]);
                    a00 = b.fma(w0, a00);
                    a01 = b.fma(w1, a01);
                    b = FloatVector.broadcast(S, x[x1 + k]);
                    a10 = b.fma(w0, a10);
                    a11 = b.fma(w1, a11);
                    b = FloatVector.broadcast(S, x[x2 + k]);
                    a20 = b.fma(w0, a20);
                    a21 = b.fma(w1, a21);
                    b = FloatVector.broadcast(S, x[x3 + k]);
                    a30 = b.fma(w0, a30);
                    a31 = b.fma(w1, a31);
                    b = FloatVector.broadcast(S, x[x4 + k]);
                    a40 = b.fma(w0, a40);
                    a41 = b.fma(w1, a41);
                    b = FloatVector.broadcast(S, x[x5 + k]);
                    a50 = b.fma(w0, a50);
                    a51 = b.fma(w1, a51);
                }
                int h0 = r * hp + c;
                a00.intoArray(h, h0);
                a01.intoArray(h, h0 + L);
                a10.intoArray(h, h0 + hp);
                a11.intoArray(h, h0 + hp + L);
                a20.intoArray(h, h0 + 2 * hp);
                a21.intoArray(h, h0 + 2 * hp + L);
                a30.intoArray(h, h0 + 3 * hp);
                a31.intoArray(h, h0 + 3 * hp + L);
                a40.intoArray(h, h0 + 4 * hp);
                a41.intoArray(h, h0 + 4 * hp + L);
                a50.intoArray(h, h0 + 5 * hp);
                a51.intoArray(h, h0 + 5 * hp + L);
            }
        }
    }

    /**
     * {@code dW (inputs, hp) = x^T (inputs, rows) g (rows, hp)}; hp % 2L == 0. x comes transposed
     * (inputs, rows), so a tile's six x rows stream sequentially; column pairs are outside, so the
     * (rows, 2 vectors) panel of g that every tile of inputs reads stays in L2.
     */
    static void weightGradient(float[] xT, int rows, int inputs, float[] g, int hp, float[] dw) {
        for (int c = 0; c < hp; c += 2 * L) {
            int i = 0;
            for (; i + 6 <= inputs; i += 6) {
                FloatVector a00 = FloatVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00;
                FloatVector a30 = a00, a31 = a00, a40 = a00, a41 = a00, a50 = a00, a51 = a00;
                for (int m = 0; m < rows; m++) {
                    FloatVector g0 = FloatVector.fromArray(S, g, m * hp + c), g1 = FloatVector.fromArray(S, g, m * hp + c + L);
                    int xm = i * rows + m;
                    FloatVector b = FloatVector.broadcast(S, xT[xm]);
                    a00 = b.fma(g0, a00);
                    a01 = b.fma(g1, a01);
                    b = FloatVector.broadcast(S, xT[xm + rows]);
                    a10 = b.fma(g0, a10);
                    a11 = b.fma(g1, a11);
                    b = FloatVector.broadcast(S, xT[xm + 2 * rows]);
                    a20 = b.fma(g0, a20);
                    a21 = b.fma(g1, a21);
                    b = FloatVector.broadcast(S, xT[xm + 3 * rows]);
                    a30 = b.fma(g0, a30);
                    a31 = b.fma(g1, a31);
                    b = FloatVector.broadcast(S, xT[xm + 4 * rows]);
                    a40 = b.fma(g0, a40);
                    a41 = b.fma(g1, a41);
                    b = FloatVector.broadcast(S, xT[xm + 5 * rows]);
                    a50 = b.fma(g0, a50);
                    a51 = b.fma(g1, a51);
                }
                int d0 = i * hp + c;
                a00.intoArray(dw, d0);
                a01.intoArray(dw, d0 + L);
                a10.intoArray(dw, d0 + hp);
                a11.intoArray(dw, d0 + hp + L);
                a20.intoArray(dw, d0 + 2 * hp);
                a21.intoArray(dw, d0 + 2 * hp + L);
                a30.intoArray(dw, d0 + 3 * hp);
                a31.intoArray(dw, d0 + 3 * hp + L);
                a40.intoArray(dw, d0 + 4 * hp);
                a41.intoArray(dw, d0 + 4 * hp + L);
                a50.intoArray(dw, d0 + 5 * hp);
                a51.intoArray(dw, d0 + 5 * hp + L);
            }
            for (; i < inputs; i++) {   // the last inputs % 6 rows
                for (int v = c; v < c + 2 * L; v += L) {
                    FloatVector a = FloatVector.zero(S);
                    for (int m = 0; m < rows; m++) a = FloatVector.broadcast(S, xT[i * rows + m]).fma(FloatVector.fromArray(S, g, m * hp + v), a);
                    a.intoArray(dw, i * hp + v);
                }
            }
        }
    }
}
