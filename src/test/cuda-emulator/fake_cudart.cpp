// CPU emulation of the parts of the CUDA runtime (libcudart.so.13) that the engine calls, for testing the
// whole CUDA engine -- FFM bindings, argument marshalling, cuBLAS operand order, kernels, orchestration --
// on a machine without a GPU. Memory is host memory, streams run synchronously, kernels are the real
// snnloc_kernels.cu compiled for the CPU and run thread by thread.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

thread_local emulator_dim3 blockIdx, threadIdx, blockDim;

extern "C" {
void gather_spikes(const unsigned long long*, int, int, int, const int*, int, int, float*);
void effective_weights(const float*, const float*, int, int, int, float*);
void lif_forward(const float*, int, int, int, float, float, float*, float*);
void leaky_readout(const float*, int, int, int, float, float, float*, float*);
void softmax_cross_entropy(const float*, const int*, const int*, int, int, int, double*, float*, float*, int*, int*);
void readout_gradient(const float*, const float*, int, int, int, float*);
void lif_backward(const float*, const float*, const float*, const float*, int, int, int, float, float, int, float, float, float*);
void raw_gradient(const float*, const float*, const float*, int, int, int, float*);
void adam_step(float*, const float*, float*, float*, int, float, float, float, float, float, float, float, int);
void sign_gradient(const float*, const float*, int, int, int, float*);
void learned_signs(const float*, int, float*);
}

namespace {
template <typename T> T arg(void** args, int i) { return *static_cast<T*>(args[i]); }
using P = void*;
using F = const float*;

struct Kernel {
    const char* name;
    const char* params;   // one letter per parameter: p pointer, i int, f float
    bool twoPasses;       // a single-block kernel with __syncthreads: run the grid twice (idempotent first half)
    void (*call)(void** a);
};

const Kernel KERNELS[] = {
    {"gather_spikes", "piiipiip", false, [](void** a) { gather_spikes(arg<const unsigned long long*>(a, 0), arg<int>(a, 1), arg<int>(a, 2), arg<int>(a, 3), arg<const int*>(a, 4), arg<int>(a, 5), arg<int>(a, 6), arg<float*>(a, 7)); }},
    {"effective_weights", "ppiiip", false, [](void** a) { effective_weights(arg<F>(a, 0), arg<F>(a, 1), arg<int>(a, 2), arg<int>(a, 3), arg<int>(a, 4), arg<float*>(a, 5)); }},
    {"lif_forward", "piiiffpp", false, [](void** a) { lif_forward(arg<F>(a, 0), arg<int>(a, 1), arg<int>(a, 2), arg<int>(a, 3), arg<float>(a, 4), arg<float>(a, 5), arg<float*>(a, 6), arg<float*>(a, 7)); }},
    {"leaky_readout", "piiiffpp", false, [](void** a) { leaky_readout(arg<F>(a, 0), arg<int>(a, 1), arg<int>(a, 2), arg<int>(a, 3), arg<float>(a, 4), arg<float>(a, 5), arg<float*>(a, 6), arg<float*>(a, 7)); }},
    {"softmax_cross_entropy", "pppiiippppp", true, [](void** a) { softmax_cross_entropy(arg<F>(a, 0), arg<const int*>(a, 1), arg<const int*>(a, 2), arg<int>(a, 3), arg<int>(a, 4), arg<int>(a, 5), arg<double*>(a, 6), arg<float*>(a, 7), arg<float*>(a, 8), arg<int*>(a, 9), arg<int*>(a, 10)); }},
    {"readout_gradient", "ppiiip", false, [](void** a) { readout_gradient(arg<F>(a, 0), arg<F>(a, 1), arg<int>(a, 2), arg<int>(a, 3), arg<int>(a, 4), arg<float*>(a, 5)); }},
    {"lif_backward", "ppppiiiffiffp", false, [](void** a) { lif_backward(arg<F>(a, 0), arg<F>(a, 1), arg<F>(a, 2), arg<F>(a, 3), arg<int>(a, 4), arg<int>(a, 5), arg<int>(a, 6), arg<float>(a, 7), arg<float>(a, 8), arg<int>(a, 9), arg<float>(a, 10), arg<float>(a, 11), arg<float*>(a, 12)); }},
    {"raw_gradient", "pppiiip", false, [](void** a) { raw_gradient(arg<F>(a, 0), arg<F>(a, 1), arg<F>(a, 2), arg<int>(a, 3), arg<int>(a, 4), arg<int>(a, 5), arg<float*>(a, 6)); }},
    {"sign_gradient", "ppiiip", false, [](void** a) { sign_gradient(arg<F>(a, 0), arg<F>(a, 1), arg<int>(a, 2), arg<int>(a, 3), arg<int>(a, 4), arg<float*>(a, 5)); }},
    {"learned_signs", "pip", false, [](void** a) { learned_signs(arg<F>(a, 0), arg<int>(a, 1), arg<float*>(a, 2)); }},
    {"adam_step", "ppppifffffffi", false, [](void** a) { adam_step(arg<float*>(a, 0), arg<F>(a, 1), arg<float*>(a, 2), arg<float*>(a, 3), arg<int>(a, 4), arg<float>(a, 5), arg<float>(a, 6), arg<float>(a, 7), arg<float>(a, 8), arg<float>(a, 9), arg<float>(a, 10), arg<float>(a, 11), arg<int>(a, 12)); }},
};

int lastError = 0;
int fail(int status) { lastError = status; return status; }
const char LIBRARY_MAGIC[] = "emulated PTX library";
}

extern "C" {
const char* cudaGetErrorName(int e) {
    switch (e) {
        case 0: return "cudaSuccess";
        case 1: return "cudaErrorInvalidValue";
        case 2: return "cudaErrorMemoryAllocation";
        case 35: return "cudaErrorInsufficientDriver";
        case 98: return "cudaErrorInvalidDeviceFunction";
        case 100: return "cudaErrorNoDevice";
        case 500: return "cudaErrorNotFound";
        default: return "cudaErrorUnknown";
    }
}
const char* cudaGetErrorString(int e) {
    switch (e) {
        case 0: return "no error";
        case 1: return "invalid argument";
        case 2: return "out of memory";
        case 35: return "CUDA driver version is insufficient for CUDA runtime version";
        case 98: return "invalid device function";
        case 100: return "no CUDA-capable device is detected";
        case 500: return "named symbol not found";
        default: return "unknown error";
    }
}
int cudaGetLastError(void) { int e = lastError; lastError = 0; return e; }
int cudaPeekAtLastError(void) { return lastError; }
int cudaRuntimeGetVersion(int* v) { *v = 13000; return 0; }
int cudaDriverGetVersion(int* v) { *v = 13000; return 0; }
int cudaGetDeviceCount(int* n) { *n = 1; return 0; }
int cudaGetDeviceProperties(void* prop, int device) {
    if (device != 0) return fail(101);
    std::strcpy(static_cast<char*>(prop), "CPU emulation of a CUDA device");
    return 0;
}
int cudaDeviceGetAttribute(int* value, int attribute, int device) {
    if (device != 0) return fail(101);
    switch (attribute) {
        case 75: *value = 9; return 0;        // compute capability 9.0
        case 76: *value = 0; return 0;
        case 16: *value = 1; return 0;        // multiprocessors
        case 13: *value = 1000000; return 0;  // clock kHz
        case 38: *value = 1 << 20; return 0;
        default: return fail(1);
    }
}
int cudaSetDevice(int device) { return device == 0 ? 0 : fail(101); }
int cudaGetDevice(int* device) { *device = 0; return 0; }
int cudaDeviceSynchronize(void) { return 0; }
int cudaMemGetInfo(size_t* free, size_t* total) { *free = 1ull << 30; *total = 1ull << 31; return 0; }
int cudaMalloc(void** p, size_t bytes) {
    // poison new memory: kernels must write every element they read later
    *p = std::malloc(bytes);
    if (*p == nullptr) return fail(2);
    std::memset(*p, 0xff, bytes);
    return 0;
}
int cudaFree(void* p) { std::free(p); return 0; }
int cudaMemcpy(void* dst, const void* src, size_t bytes, int kind) { if (kind < 0 || kind > 4) return fail(21); std::memcpy(dst, src, bytes); return 0; }
int cudaMemcpyAsync(void* dst, const void* src, size_t bytes, int kind, void*) { return cudaMemcpy(dst, src, bytes, kind); }
int cudaMemset(void* p, int value, size_t bytes) { std::memset(p, value, bytes); return 0; }
int cudaMemsetAsync(void* p, int value, size_t bytes, void*) { return cudaMemset(p, value, bytes); }
int cudaStreamCreateWithFlags(void** stream, unsigned int flags) { *stream = std::malloc(16); return flags == 1 ? 0 : fail(1); }
int cudaStreamDestroy(void* stream) { std::free(stream); return 0; }
int cudaStreamSynchronize(void*) { return 0; }
int cudaEventCreate(void** event) { *event = std::malloc(16); return 0; }
int cudaEventRecord(void*, void*) { return 0; }
int cudaEventSynchronize(void*) { return 0; }
int cudaEventElapsedTime(float* ms, void*, void*) { *ms = 1.0f; return 0; }
int cudaEventDestroy(void* event) { std::free(event); return 0; }
int cudaLibraryLoadData(void** library, const void* code, int* jitOptions, void** jitValues, unsigned int numJit,
                        int*, void**, unsigned int) {
    const char* ptx = static_cast<const char*>(code);
    if (std::strstr(ptx, ".visible .entry") == nullptr) return fail(218);   // cudaErrorInvalidPtx
    for (unsigned int i = 0; i < numJit; i++) {
        if (jitOptions[i] == 5) std::strcpy(static_cast<char*>(jitValues[i]), "");
    }
    *library = const_cast<char*>(LIBRARY_MAGIC);
    return 0;
}
int cudaLibraryUnload(void* library) { return library == LIBRARY_MAGIC ? 0 : fail(400); }
int cudaLibraryGetKernel(void** kernel, void* library, const char* name) {
    if (library != LIBRARY_MAGIC) return fail(400);
    for (const Kernel& k : KERNELS) {
        if (std::strcmp(k.name, name) == 0) { *kernel = const_cast<Kernel*>(&k); return 0; }
    }
    return fail(500);
}
int cudaFuncGetParamInfo(const void* func, size_t index, size_t* offset, size_t* size) {
    const Kernel* k = static_cast<const Kernel*>(func);
    if (index >= std::strlen(k->params)) return fail(1);
    size_t at = 0;
    for (size_t i = 0; i <= index; i++) {
        size_t bytes = k->params[i] == 'p' ? 8 : 4;
        at = (at + bytes - 1) / bytes * bytes;
        if (i == index) { *offset = at; *size = bytes; }
        at += bytes;
    }
    return 0;
}
int cudaLaunchKernel(const void* func, emulator_dim3 grid, emulator_dim3 block, void** args, size_t sharedMem, void*) {
    const Kernel* k = static_cast<const Kernel*>(func);
    bool known = false;
    for (const Kernel& candidate : KERNELS) known |= (&candidate == k);
    if (!known) return fail(98);
    if (grid.y != 1 || grid.z != 1 || block.y != 1 || block.z != 1 || block.x == 0 || block.x > 1024 || sharedMem != 0) return fail(9);
    blockDim = block;
    for (int pass = 0; pass < (k->twoPasses ? 2 : 1); pass++) {
        for (unsigned int b = 0; b < grid.x; b++) {
            blockIdx = {b, 0, 0};
            for (unsigned int t = 0; t < block.x; t++) {
                threadIdx = {t, 0, 0};
                k->call(args);
            }
        }
    }
    return 0;
}
}
