package org.snnloc.backend.cuda;

import org.snnloc.cuda.bindings.cublas_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Row-major single-precision matrix products through cuBLAS, which is column-major.
 *
 * <p>A row-major m x n matrix is, read column-major, its own n x m transpose. So
 * {@code C = op(A) op(B)} in row-major is {@code C^T = op(B)^T op(A)^T} in column-major: the same
 * call with the operands swapped and m and n exchanged, and no data moved.
 */
final class RowMajorGemm {
    private final MemorySegment handle;
    private final MemorySegment one;
    private final MemorySegment minusOne;
    private final MemorySegment zero;

    RowMajorGemm(Arena arena, MemorySegment handle) {
        this.handle = handle;
        one = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1f);
        minusOne = arena.allocateFrom(ValueLayout.JAVA_FLOAT, -1f);
        zero = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 0f);
    }

    /**
     * {@code c = op(a) op(b)}, all row-major: op(a) is m x k, op(b) is k x n, c is m x n. With
     * {@code transposeA} the buffer {@code a} holds a k x m matrix (and likewise for b), so
     * {@code multiply(true, false, ...)} computes a^T b without transposing anything.
     */
    void multiply(boolean transposeA, boolean transposeB, int m, int n, int k, MemorySegment a, MemorySegment b, MemorySegment c) {
        multiply(transposeA, transposeB, m, n, k, false, a, b, false, c);
    }

    /**
     * {@code c = (negate ? -1 : 1) op(a) op(b) + (accumulate ? c : 0)}: the same product, negated
     * or added to what c holds (dann's {@code W = A - B C} and its gradients).
     */
    void multiply(boolean transposeA, boolean transposeB, int m, int n, int k, boolean negate, MemorySegment a, MemorySegment b,
                  boolean accumulate, MemorySegment c) {
        int lda = transposeA ? m : k;   // row length of a as stored
        int ldb = transposeB ? k : n;
        int status = cublas_h.cublasSgemm_v2(handle,
                transposeB ? cublas_h.CUBLAS_OP_T() : cublas_h.CUBLAS_OP_N(),
                transposeA ? cublas_h.CUBLAS_OP_T() : cublas_h.CUBLAS_OP_N(),
                n, m, k, negate ? minusOne : one, b, ldb, a, lda, accumulate ? one : zero, c, n);
        if (status != cublas_h.CUBLAS_STATUS_SUCCESS()) CudaStatus.checkCublas(status, "cublasSgemm_v2(m=" + m + ", n=" + n + ", k=" + k + ")");
    }
}
