package org.snnloc.backend.simd;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher lowers C2's thresholds for the simd package only, in a form the JVM accepts, and
 * the kernel warm-up calls every kernel more often than the lowered invocation threshold, with a
 * margin (C2 may still wait longer when its queue is busy; the warm-up's calls are a floor).
 */
class KernelWarmUpTest {
    /** The JVM options the launcher runs with (it sources this file). */
    private static final Path JVM_FLAGS = Path.of("src/main/launcher/jvm-flags.sh");
    /** A scaling command on a line that adds to the options, not in a comment. */
    private static final Pattern SCALING = Pattern.compile(
            "^snnloc_jvm_flags\\+=\\(.*\"(-XX:CompileCommand=CompileThresholdScaling,([^,\"]+),([0-9.]+))\"", Pattern.MULTILINE);

    @Test
    void theLauncherScalesTheThresholdsOfTheSimdPackageOnly() throws IOException {
        List<MatchResult> commands = scalingCommands();
        assertEquals(1, commands.size(), "one CompileThresholdScaling in " + JVM_FLAGS);
        assertEquals("org.snnloc.backend.simd.*::*", commands.get(0).group(2), "the simd kernels, nothing else");
        double factor = Double.parseDouble(commands.get(0).group(3));
        assertTrue(factor > 0 && factor < 1, "a factor that lowers the thresholds: " + factor);
    }

    @Test
    void theJvmReadsTheCommandAsTheLauncherMeansIt() throws IOException, InterruptedException {
        MatchResult command = scalingCommands().get(0);
        // Without the launcher's "quiet", the JVM echoes how it parsed the command.
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                command.group(1), "-version").redirectErrorStream(true).start();
        String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jvm.waitFor(60, TimeUnit.SECONDS), "the JVM finished");
        assertEquals(0, jvm.exitValue(), "exit code; output: " + output);
        // HotSpot prints the value with C's %f, whatever the Java locale
        assertTrue(output.contains("CompileThresholdScaling org/snnloc/backend/simd/*.* double CompileThresholdScaling = "
                + String.format(Locale.ROOT, "%.6f", Double.parseDouble(command.group(3)))), "parsed for every method of the package: " + output);
    }

    @Test
    void theWarmUpCrossesTheLoweredC2Threshold() throws IOException {
        double factor = Double.parseDouble(scalingCommands().get(0).group(3));
        long c2Calls = Long.parseLong(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("Tier4InvocationThreshold").getValue());
        double lowered = c2Calls * factor;
        assertTrue(KernelWarmUp.CALLS >= 1.25 * lowered,
                "warm-up calls " + KernelWarmUp.CALLS + " leave a margin over the lowered threshold " + lowered);
        assertTrue(KernelWarmUp.CALLS < c2Calls, "fewer calls than without the launcher's scaling, or the scaling buys nothing");
        // the four-vector block kernels run only in the wide calls, once per row: 4 and 3 rows alternately
        double blockKernelCalls = (double) KernelWarmUp.CALLS / KernelWarmUp.WIDE_EVERY * 3.5;
        assertTrue(blockKernelCalls > lowered, "the wide calls alone call the block kernels " + blockKernelCalls
                + " times, past the lowered threshold " + lowered);
    }

    private static List<MatchResult> scalingCommands() throws IOException {
        return SCALING.matcher(Files.readString(JVM_FLAGS)).results().toList();
    }
}
