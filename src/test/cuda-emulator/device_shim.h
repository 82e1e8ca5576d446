// Lets snnloc_kernels.cu compile as plain C++ for the CPU emulator: the CUDA qualifiers vanish and the
// built-in thread coordinates become variables that the emulated launch sets for each thread in turn.
#pragma once
#include <cmath>

struct emulator_dim3 { unsigned int x, y, z; };
extern thread_local emulator_dim3 blockIdx, threadIdx, blockDim;

#define __global__
#define __device__
#define __forceinline__ inline
#define __syncthreads() ((void) 0)
using std::exp;
using std::log;
