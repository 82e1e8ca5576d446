# shellcheck shell=bash
# The JVM options ./snnloc runs the CLI with, in one place: sourced by the launcher and by
# bench/two-core-check.sh (which runs the jar on machines without Maven). Needs $root, the
# repository root. Defines snnloc_jvm_flags and snnloc_aot_training.

snnloc_jvm_flags=(--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED)

# JIT directives: C2 leaves code alone that is only hot until the kernels are compiled, and keeps
# the kernels out of their callers so each is compiled once (the file says why). The JVM confirms
# the file with a line of its own ("2 compiler directives added") that no flag but
# -XX:-DisplayVMOutput silences. That flag also silences the JVM's other output on its terminal:
# its warnings, SIGQUIT's thread dump (jcmd PID Thread.print still gives it) and what diagnostic
# options print, never a Java exception or an error that ends the JVM. So it is left out when
# SNNLOC_JAVA_OPTS asks the JVM for something.
snnloc_directives="$root/src/main/launcher/compiler-directives.json"
if [ -f "$snnloc_directives" ]; then
  snnloc_jvm_flags+=(-XX:+UnlockDiagnosticVMOptions -XX:CompilerDirectivesFile="$snnloc_directives")
  [ -n "${SNNLOC_JAVA_OPTS:-}" ] || snnloc_jvm_flags+=(-XX:-DisplayVMOutput)
fi

# C2 compiles the simd kernels after 30% of the usual calls (about 1,500 instead of 5,000), so the
# kernel warm-up that runs while the data is generated gets them there with a third of the calls in
# the slow tiers, and the first epoch starts on compiled kernels (0.3-0.5 s instead of 0.4-1.4 s).
# "quiet" keeps the JVM from echoing the command (and any CompileCommand in SNNLOC_JAVA_OPTS).
snnloc_jvm_flags+=(-XX:CompileCommand=quiet "-XX:CompileCommand=CompileThresholdScaling,org.snnloc.backend.simd.*::*,0.3")

# The short training whose run the start-up cache (JDK 25 AOT cache) is recorded from.
snnloc_aot_training=(train --epochs 2 --train-batches 4 --validation-samples 256 --test-batches 2)
