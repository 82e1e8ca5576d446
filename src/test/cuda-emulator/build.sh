#!/usr/bin/env bash
# Builds the CPU emulation of libcudart.so.13 and libcublas.so.13 (see fake_cudart.cpp) into OUT_DIR.
#   src/test/cuda-emulator/build.sh OUT_DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: build.sh OUT_DIR}"
mkdir -p "$out"
flags=(-O2 -fPIC -shared -ffp-contract=off -std=c++17)
g++ "${flags[@]}" -Wl,-soname,libcudart.so.13 -o "$out/libcudart.so.13" \
  -include "$here/device_shim.h" -x c++ "$here/../../main/cuda/snnloc_kernels.cu" "$here/fake_cudart.cpp"
g++ "${flags[@]}" -Wl,-soname,libcublas.so.13 -o "$out/libcublas.so.13" "$here/fake_cublas.cpp"
