// CPU emulation of the cuBLAS calls the engine makes (libcublas.so.13): a plain column-major SGEMM,
// so that the engine's row-major operand swap is tested against BLAS semantics.
#include <cstdlib>

extern "C" {
int cublasCreate_v2(void** handle) { *handle = std::malloc(16); return 0; }
int cublasDestroy_v2(void* handle) { std::free(handle); return 0; }
int cublasGetVersion_v2(void*, int* version) { *version = 130000; return 0; }
int cublasGetProperty(int type, int* value) { *value = type == 0 ? 13 : 0; return type >= 0 && type <= 2 ? 0 : 7; }
int cublasSetStream_v2(void*, void*) { return 0; }
int cublasSetMathMode(void*, int mode) { return mode == 0 ? 0 : 7; }
const char* cublasGetStatusName(int status) { return status == 0 ? "CUBLAS_STATUS_SUCCESS" : status == 7 ? "CUBLAS_STATUS_INVALID_VALUE" : "CUBLAS_STATUS_INTERNAL_ERROR"; }
const char* cublasGetStatusString(int status) { return status == 0 ? "success" : status == 7 ? "an invalid numeric value was used as an argument" : "an internal operation failed"; }

// C (m x n, ldc) = alpha op(A) op(B) + beta C, column-major, op = N (0) or T (1)
int cublasSgemm_v2(void*, int transa, int transb, int m, int n, int k, const float* alpha, const float* A, int lda,
                   const float* B, int ldb, const float* beta, float* C, int ldc) {
    if (m < 0 || n < 0 || k < 0 || transa < 0 || transa > 1 || transb < 0 || transb > 1) return 7;
    if (lda < (transa ? k : m) || ldb < (transb ? n : k) || ldc < m || lda < 1 || ldb < 1 || ldc < 1) return 7;
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < m; i++) {
            float sum = 0.0f;
            for (int l = 0; l < k; l++) {
                float a = transa ? A[l + (long) i * lda] : A[i + (long) l * lda];
                float b = transb ? B[j + (long) l * ldb] : B[l + (long) j * ldb];
                sum += a * b;
            }
            float* c = &C[i + (long) j * ldc];
            *c = *beta == 0.0f ? *alpha * sum : *alpha * sum + *beta * *c;
        }
    }
    return 0;
}
}
