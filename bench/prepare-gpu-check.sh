#!/usr/bin/env bash
# Prepares .device/, everything bench/gpu-check.sh needs on a GPU machine that has no Java: run it HERE,
# on the development machine, from any folder. Then, on the GPU machine, from the repository root with
# .device carried along:   bash bench/gpu-check.sh
#
# .device/ (git-ignored, about 40 MiB; a device run carries at most 64 MiB with the working tree):
#   runtime.tar.gz                        a jlink-made Java 25 runtime (x86-64 Linux, glibc), packed
#   snnloc.jar                            the application (shaded)
#   test-classes/                         the compiled tests and their resources (the PyTorch fixture)
#   junit-platform-console-standalone.jar runs the GPU tests without Maven
#   dales_ref.py                          the notebook's PyTorch code: the peer benchmark
#   PREPARED                              commit, date and sizes, for the log
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
device="$root/.device"
junit_version=1.13.4    # the JUnit Platform of junit-jupiter 5.13.4 (pom.xml)
# Modules the jar, the tests and JUnit's console launcher need (jdeps, plus the vector module the SIMD
# engine uses, jdk.zipfs for JUnit scanning jars); java.desktop is left out on purpose: Jackson runs
# without it and it weighs 10 MB.
modules=java.base,java.sql,java.logging,java.management,jdk.incubator.vector,jdk.unsupported,jdk.zipfs

echo "prepare-gpu-check: building the jar and the test classes..." >&2
mvn -B -q -ntp -DskipTests package >&2

rm -rf "$device"
mkdir -p "$device"
cp target/snnloc.jar "$device/"
cp -r target/test-classes "$device/test-classes"
mvn -B -q -ntp dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit_version" \
  -DoutputDirectory="$device" >&2
mv "$device/junit-platform-console-standalone-$junit_version.jar" "$device/junit-platform-console-standalone.jar"

peer=""
for candidate in "$root/../shared/reference/dales_ref.py" /work/shared/reference/dales_ref.py; do
  if [ -f "$candidate" ]; then peer="$candidate"; break; fi
done
if [ -n "$peer" ]; then cp "$peer" "$device/dales_ref.py"; else echo "prepare-gpu-check: dales_ref.py not found: no PyTorch peer" >&2; fi

echo "prepare-gpu-check: making the Java runtime with jlink..." >&2
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-9 \
  --add-options="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED" --output "$staging/runtime"
"$staging/runtime/bin/java" -version >/dev/null 2>&1 || { echo "prepare-gpu-check: the jlink runtime does not start" >&2; exit 1; }
tar -C "$staging" -czf "$device/runtime.tar.gz" runtime

{
  echo "commit $(git rev-parse --short HEAD)$([ -z "$(git status --porcelain -- src native-bindings pom.xml bench)" ] || echo ' plus uncommitted changes')"
  echo "prepared $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -m) with $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
  du -sh "$device"/* | sed "s|$device/||"
} > "$device/PREPARED"
size_mib=$(( $(du -sb "$device" | cut -f1) / 1048576 ))
cat "$device/PREPARED" >&2
if [ "$size_mib" -ge 60 ]; then
  echo "prepare-gpu-check: .device is $size_mib MiB, more than the 60 MiB a device run can carry beside the tree" >&2
  exit 1
fi
echo "prepare-gpu-check: .device is ready ($size_mib MiB). On the GPU machine: bash bench/gpu-check.sh (carry .device)" >&2
