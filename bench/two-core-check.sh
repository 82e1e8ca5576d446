#!/usr/bin/env bash
# The CPU speed targets on two cores of a bigger machine: the default training three times and
# `snnloc all --no-report` once, pinned to two cores with taskset, with the JVM options of ./snnloc
# (src/main/launcher/jvm-flags.sh) and a start-up cache recorded as the launcher records it, on the
# simd backend. For a machine without Maven, e.g. the GPU machine: make .device/ here with
# bench/prepare-gpu-check.sh, carry it, and run from the repository root there:
#
#   bash bench/two-core-check.sh            # SNNLOC_CORES=2,3 picks other cores (default 0,1)
#
# Without .device/ it uses $JAVA_HOME and target/snnloc.jar. Output: $OUT (default .device/out-two-core):
# two-core.log (everything), all-runs.csv and all-summary.json. Exit code 1 when any step failed.
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
status=0

say() { echo "== $*" | tee -a "$log"; }
# step NAME COMMAND...: runs it timed (wall and CPU into the log), notes a failure
step() {
  local name="$1"
  shift
  say "$name"
  /usr/bin/time -f "wall %e s, CPU %U s user %S s system" "$@" >> "$log" 2>&1
  local code=$?
  if [ "$code" -ne 0 ]; then
    say "$name: FAILED, exit $code"
    status=1
  fi
  return "$code"
}

if [ -f .device/runtime.tar.gz ] && [ -f .device/snnloc.jar ]; then
  tar -C "$work" -xzf .device/runtime.tar.gz || { say "cannot unpack .device/runtime.tar.gz"; exit 1; }
  java="$work/runtime/bin/java"
  jar=.device/snnloc.jar
else
  java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
  jar=target/snnloc.jar
fi
[ -x "$java" ] || { say "no Java at $java: set JAVA_HOME, or carry .device"; exit 1; }
[ -f "$jar" ] || { say "no $jar: build it (mvn package) or carry .device"; exit 1; }
command -v taskset >/dev/null || { say "taskset (util-linux) is needed to pin the JVM to cores $cores"; exit 1; }
# shellcheck source=../src/main/launcher/jvm-flags.sh
source "$root/src/main/launcher/jvm-flags.sh"
pinned=(taskset -c "$cores" "$java" "${snnloc_jvm_flags[@]}")

say "cores $cores of: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc --all) CPUs; AVX-512: $(grep -c -m1 avx512f /proc/cpuinfo)"
lscpu -e=CPU,CORE,SOCKET 2>/dev/null | head -n 5 >> "$log"
cache=()
if step "start-up cache (the launcher's recording run)" "${pinned[@]}" -XX:AOTCacheOutput="$work/snnloc.aot" -Xlog:aot=off,cds=off \
    -jar "$jar" "${snnloc_aot_training[@]}" --backend simd --out "$work/aot-run" && [ -s "$work/snnloc.aot" ]; then
  cache=(-XX:AOTCache="$work/snnloc.aot" -Xlog:aot=off,cds=off)
else
  say "no start-up cache: the runs below start slower than the launcher's"
fi
for run in 1 2 3; do
  step "default training $run (train --backend simd)" "${pinned[@]}" ${cache[@]+"${cache[@]}"} -jar "$jar" train --backend simd \
    --out "$work/train-$run"
done
if step "the whole study (all --no-report --backend simd)" "${pinned[@]}" ${cache[@]+"${cache[@]}"} -jar "$jar" all --no-report \
    --backend simd --out "$work/all"; then
  cp "$work/all/runs.csv" "$out/all-runs.csv"
  cp "$work/all/summary.json" "$out/all-summary.json"
fi
echo "== summary"
grep -E "^wall |trained .* in |test accuracy|runs in |FAILED|no start-up cache" "$log"
exit "$status"
