#!/usr/bin/env bash
# Regenerates the committed FFM bindings with jextract (https://jdk.java.net/jextract, JDK 22+ builds),
# on a machine that has it and the CUDA headers (runtime and cuBLAS: a CUDA toolkit or the pip
# packages nvidia-cuda-runtime + nvidia-cublas with their include/ folders):
#
#   native-bindings/jextract.sh [CUDA_INCLUDE_DIR]        # default /usr/local/cuda/include
#
# Only what includes/*.txt lists is generated. No --library option is given on purpose: the header
# classes then find their symbols with SymbolLookup.loaderLookup(), i.e. in the libraries the
# hand-written discovery (org.snnloc.backend.cuda.CudaLibraries) loaded with System.load from
# wherever this machine keeps them (/usr/local/cuda, pip's site-packages/nvidia/*/lib, ...).
# Review the diff and commit; the generated files are not edited by hand.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
include="${1:-/usr/local/cuda/include}"
out="$here/src/main/java"
package=org.snnloc.cuda.bindings
command -v jextract >/dev/null 2>&1 || { echo "jextract.sh: jextract is not on PATH" >&2; exit 1; }
for header in cuda_runtime_api.h cublas_v2.h; do
  [ -f "$include/$header" ] || { echo "jextract.sh: $include/$header not found" >&2; exit 1; }
done

jextract --output "$out" --target-package "$package" --header-class-name cuda_runtime_h \
  -I "$include" @"$here/includes/cuda_runtime_h.txt" "$include/cuda_runtime_api.h"
jextract --output "$out" --target-package "$package" --header-class-name cublas_h \
  -I "$include" @"$here/includes/cublas_h.txt" "$include/cublas_v2.h"
echo "jextract.sh: regenerated $out/${package//.//}" >&2
