#!/usr/bin/env bash
# The CPU speed targets on two cores of a bigger machine: the default training three times and
# `snnloc all --no-report` once, pinned to two cores with taskset, with the JVM flags ./snnloc uses
# (keep them in step with the launcher). For a machine without Maven, e.g. the GPU machine: make
# .device/ here with bench/prepare-gpu-check.sh, carry it, and run from the repository root there:
#
#   bash bench/two-core-check.sh            # SNNLOC_CORES=2,3 picks other cores (default 0,1)
#
# Without .device/ it uses $JAVA_HOME and target/snnloc.jar. Output: $OUT (default .device/out-two-core):
# two-core.log (everything), all-runs.csv and all-summary.json.
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cores="${SNNLOC_CORES:-0,1}"
out="${OUT:-$root/.device/out-two-core}"
mkdir -p "$out"
log="$out/two-core.log"
: > "$log"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ -f .device/runtime.tar.gz ] && [ -f .device/snnloc.jar ]; then
  tar -C "$work" -xzf .device/runtime.tar.gz
  java="$work/runtime/bin/java"
  jar=.device/snnloc.jar
else
  java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
  jar=target/snnloc.jar
fi
flags=(--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED
  -XX:+UnlockDiagnosticVMOptions -XX:CompilerDirectivesFile=src/main/launcher/compiler-directives.json
  -XX:CompileCommand=quiet "-XX:CompileCommand=CompileThresholdScaling,org.snnloc.backend.simd.*::*,0.3")
pinned=(taskset -c "$cores" "$java" "${flags[@]}")

say() { echo "== $*" | tee -a "$log"; }
say "cores $cores of: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc --all) CPUs; AVX-512: $(grep -c -m1 avx512f /proc/cpuinfo)"
lscpu -e=CPU,CORE,SOCKET 2>/dev/null | head -n 5 >> "$log"
say "start-up cache, recorded as the launcher does"
"${pinned[@]}" -XX:AOTCacheOutput="$work/snnloc.aot" -Xlog:aot=off,cds=off -jar "$jar" train --backend simd --epochs 2 \
  --train-batches 4 --validation-samples 256 --test-batches 2 --out "$work/aot-run" >> "$log" 2>&1
cache=()
[ -s "$work/snnloc.aot" ] && cache=(-XX:AOTCache="$work/snnloc.aot" -Xlog:aot=off,cds=off)
for run in 1 2 3; do
  say "default training $run: ./snnloc train"
  /usr/bin/time -f "wall %e s, CPU %U s user %S s system" "${pinned[@]}" "${cache[@]}" -jar "$jar" train --backend simd \
    --out "$work/train-$run" >> "$log" 2>&1
done
say "the whole study: ./snnloc all --no-report"
/usr/bin/time -f "wall %e s, CPU %U s user %S s system" "${pinned[@]}" "${cache[@]}" -jar "$jar" all --no-report --backend simd \
  --out "$work/all" >> "$log" 2>&1
cp "$work/all/runs.csv" "$out/all-runs.csv" 2>/dev/null
cp "$work/all/summary.json" "$out/all-summary.json" 2>/dev/null
echo "== summary"
grep -E "^wall |trained .* in |test accuracy|runs in " "$log"
