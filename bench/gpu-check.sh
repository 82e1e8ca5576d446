#!/usr/bin/env bash
# The CUDA engine's check on a GPU machine that has no Java: run from the repository root with .device/
# (made by bench/prepare-gpu-check.sh on the development machine) carried along:
#
#   bash bench/gpu-check.sh
#
# Steps, each with its own time limit (under 5 minutes in all):
#   1. nvidia-smi and where CUDA's libraries are (PyTorch's pip wheels, /usr/local/cuda)
#   2. the device as snnloc sees it (libraries found, versions, name, capability, memory, FP32 peak)
#   3. the GPU tests (JUnit console): fixture parity, scalar parity on awkward sizes, training, determinism
#   4. the training-step benchmark at batch 64 / hidden 30 and batch 256 / hidden 1024, with cuBLAS GFLOP/s
#   5. the notebook's PyTorch code on the same GPU (dales_ref.py --experiment bench): the peer
#   6. one default training with --backend cuda (the notebook's baseline, 30 epochs)
#   7. `snnloc info` and `snnloc bench` (cuda and simd side by side)
# Everything goes to $OUT (at most 8 files come back): gpu-check.log (all output), junit.xml,
# cuda-bench.json, torch-bench.json, train-metrics.json, train-history.csv, bench.json, summary.md.
# Without a GPU it still runs and says, step by step, what could not be done (exit code 1).
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
device="$root/.device"
out="${OUT:-$device/out}"
mkdir -p "$out"
log="$out/gpu-check.log"
: > "$log"
failures=()
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

say() { echo "== $*" | tee -a "$log"; }
# step NAME SECONDS COMMAND...: runs it with a time limit, output to the log (and the terminal's tail)
step() {
  local name="$1" seconds="$2"
  shift 2
  say "$name (limit ${seconds}s): $*"
  local start=$SECONDS
  timeout --kill-after=10 "$seconds" "$@" 2>&1 | tee -a "$log" | tail -n 25
  local status=${PIPESTATUS[0]}
  say "$name: exit $status after $((SECONDS - start)) s"
  [ "$status" -eq 0 ] || failures+=("$name (exit $status)")
  return "$status"
}

if [ ! -f "$device/runtime.tar.gz" ] || [ ! -f "$device/snnloc.jar" ]; then
  say "missing $device/runtime.tar.gz or snnloc.jar: run bench/prepare-gpu-check.sh on the development machine and carry .device"
  exit 1
fi
cat "$device/PREPARED" >> "$log" 2>/dev/null
tar -C "$work" -xzf "$device/runtime.tar.gz"
java="$work/runtime/bin/java"
classpath="$device/snnloc.jar:$device/test-classes"
java_options=(-Xmx8g -XX:+UseParallelGC)
# where CUDA's libraries may be: the toolkit, the distribution, pip's site-packages (venvs under /opt too)
library_roots="$(ls -d /usr/local /usr/lib /usr/lib64 /opt /root /home 2>/dev/null | tr '\n' ' ')"

# 1. the machine
step "nvidia-smi" 30 nvidia-smi
say "CUDA libraries on this machine"
{
  find $library_roots \( -name 'libcudart.so.1[23]*' -o -name 'libcublas.so.1[23]*' -o -name 'libcublasLt.so.1[23]*' \) \
    2>/dev/null | sort | head -n 20
  python3 -c 'import torch; print("torch", torch.__version__, "CUDA", torch.version.cuda, "device", torch.cuda.get_device_name(0) if torch.cuda.is_available() else None)' 2>&1
} | tee -a "$log"

# 2. the device as snnloc sees it. If its own discovery finds no usable CUDA, point it at the folders found
#    above and say so: the log then shows both the failure and the workaround.
if ! step "device" 60 "$java" -cp "$classpath" org.snnloc.backend.cuda.CudaStepBenchmark --describe; then
  folders="$(find $library_roots \( -name 'libcudart.so.1[23]' -o -name 'libcublas.so.1[23]' \) 2>/dev/null \
    | xargs -r -n1 dirname | sort -u | paste -sd: -)"
  if [ -n "$folders" ]; then
    export SNNLOC_CUDA_LIB_DIR="$folders"
    export LD_LIBRARY_PATH="$folders${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    say "retrying with SNNLOC_CUDA_LIB_DIR=$folders (the rest of the check uses it)"
    step "device, libraries given" 60 "$java" -cp "$classpath" org.snnloc.backend.cuda.CudaStepBenchmark --describe
  fi
fi

# 3. the GPU tests; -Dsnnloc.cuda.sync=true waits for every kernel so that an error names its kernel, and
#    -Dsnnloc.cuda.require=true fails them (instead of skipping) when CUDA is not usable
step "GPU tests" 150 "$java" "${java_options[@]}" -Dsnnloc.cuda.sync=true -Dsnnloc.cuda.require=true -jar "$device/junit-platform-console-standalone.jar" execute \
  --class-path "$classpath" --select-package org.snnloc.backend.cuda --reports-dir "$work/junit" \
  --disable-banner --disable-ansi-colors --details=tree --details-theme=ascii
cp "$work"/junit/TEST-junit-jupiter.xml "$out/junit.xml" 2>/dev/null

# 4. the CUDA training step and its products
step "cuda benchmark" 90 "$java" "${java_options[@]}" -cp "$classpath" org.snnloc.backend.cuda.CudaStepBenchmark \
  --sizes 64x30,256x1024 --json "$out/cuda-bench.json"

# 5. the peer: the notebook's own PyTorch code on the same GPU
if [ -f "$device/dales_ref.py" ]; then
  step "pytorch peer" 120 python3 "$device/dales_ref.py" --experiment bench --bench-sizes 64x30,256x1024 --out "$out/torch-bench.json"
else
  say "pytorch peer: .device/dales_ref.py missing (skipped)"
fi

# 6. the notebook's baseline on the GPU
step "default training" 120 "$java" "${java_options[@]}" -jar "$device/snnloc.jar" train --backend cuda --out "$work/run-cuda"
cp "$work/run-cuda/metrics.json" "$out/train-metrics.json" 2>/dev/null
cp "$work/run-cuda/history.csv" "$out/train-history.csv" 2>/dev/null

# 7. snnloc info and snnloc bench (cuda and simd side by side; scalar would take minutes at 256x1024)
step "snnloc info" 30 "$java" -jar "$device/snnloc.jar" info
step "snnloc bench" 110 "$java" "${java_options[@]}" -jar "$device/snnloc.jar" bench --backend cuda,simd \
  --warmup-seconds 2 --max-seconds 6 --out "$out/bench.json"

# summary: training step time against the peer, and the products against the card's FP32 peak
python3 - "$out" <<'PY' 2>&1 | tee -a "$log" > "$out/summary.md"
import json, os, sys
out = sys.argv[1]
def load(name):
    try:
        with open(os.path.join(out, name)) as f:
            return json.load(f)
    except Exception as e:
        return None
cuda = load('cuda-bench.json') or []
torch = load('torch-bench.json') or {}
peer = {(r['batch'], r['hidden']): r for r in torch.get('results', [])}
print('| batch x hidden | cuda step ms | PyTorch step ms | speed-up | x W1 TFLOP/s (% of FP32 peak) | x^T dh1 TFLOP/s (% of peak) |')
print('|---|---|---|---|---|---|')
for r in cuda:
    p = peer.get((r['batch'], r['hidden']))
    torch_ms = p['train_step_ms_median'] if p else float('nan')
    print(f"| {r['batch']} x {r['hidden']} | {r['train_step_ms_median']:.3f} | {torch_ms:.3f} | {torch_ms / r['train_step_ms_median']:.1f}x "
          f"| {r['gemm_x_w1_tflops']:.1f} ({r['gemm_x_w1_percent_of_peak']:.0f}%) | {r['gemm_xT_dh1_tflops']:.1f} ({r['gemm_xT_dh1_percent_of_peak']:.0f}%) |")
m = load('train-metrics.json')
if m:
    print(f"\ndefault training on cuda: test accuracy {m.get('test_accuracy')}%, train accuracy {m.get('train_accuracy')}%, "
          f"{m.get('epochs_run')} epochs, training {m.get('training_seconds')} s, wall {m.get('wall_seconds')} s")
PY

if [ ${#failures[@]} -eq 0 ]; then
  say "gpu-check: all steps passed"
  exit 0
fi
say "gpu-check: failed steps: ${failures[*]}"
exit 1
