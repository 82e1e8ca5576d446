#!/usr/bin/env bash
# Compiles the CUDA engine's kernels (snnloc_kernels.cu) to PTX, one file per virtual architecture,
# plus a properties file recording the source's SHA-256, the nvcc release and the flags.
#
#   src/main/cuda/build-ptx.sh [OUT_DIR]
#
# OUT_DIR defaults to the committed resources (src/main/resources/org/snnloc/backend/cuda): run it
# with no argument after editing the .cu file and commit the result, so that users without nvcc
# still run. The Maven profile 'ptx' (active when /usr/local/cuda/bin/nvcc exists) runs it into
# target/generated-ptx at every build, and CommittedPtxTest fails when the two differ.
#
# PTX rather than cubin: the driver compiles it for whatever GPU it finds (compute_75 = Turing and
# newer, compute_90 = Hopper); the engine picks the newest one not above the device's capability.
# --fmad=false keeps a*b+c as two roundings, as the scalar reference computes it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/../resources/org/snnloc/backend/cuda}"
nvcc="${NVCC:-}"
if [ -z "$nvcc" ]; then
  if command -v nvcc >/dev/null 2>&1; then nvcc="$(command -v nvcc)"; else nvcc=/usr/local/cuda/bin/nvcc; fi
fi
if [ ! -x "$nvcc" ]; then
  echo "build-ptx.sh: nvcc not found (PATH, /usr/local/cuda/bin); set NVCC=/path/to/nvcc" >&2
  exit 1
fi
source_file="$here/snnloc_kernels.cu"
archs=(75 90)
flags=(-ptx --fmad=false -std=c++17)
mkdir -p "$out"
for arch in "${archs[@]}"; do
  "$nvcc" "${flags[@]}" -arch="compute_$arch" -o "$out/snnloc_kernels.compute_$arch.ptx" "$source_file"
done
release="$("$nvcc" --version | sed -n 's/.*release \([0-9.]*\),.*/\1/p')"
{
  echo "# Written by src/main/cuda/build-ptx.sh; CommittedPtxTest checks it. Do not edit."
  echo "source.sha256=$(sha256sum "$source_file" | cut -d' ' -f1)"
  echo "nvcc.release=$release"
  echo "nvcc.flags=${flags[*]}"
  echo "architectures=$(IFS=,; echo "${archs[*]}")"
} > "$out/snnloc_kernels.ptx.properties"
echo "build-ptx.sh: wrote PTX for compute_${archs[*]} (nvcc $release) to $out" >&2
