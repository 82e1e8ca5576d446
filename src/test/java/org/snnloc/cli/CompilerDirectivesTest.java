package org.snnloc.cli;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compiler directives the {@code snnloc} launcher gives the JVM: a file the JVM accepts, that
 * the launcher really names (and whose confirmation it keeps off the terminal), that keeps C2 away from JDK code only, never from the kernels, and
 * that otherwise only keeps the simd kernels from being inlined into their callers.
 */
class CompilerDirectivesTest {
    private static final Path DIRECTIVES = Path.of("src/main/launcher/compiler-directives.json");
    private static final Path JVM_FLAGS = Path.of("src/main/launcher/jvm-flags.sh");

    @Test
    void theLauncherPassesTheFileToTheJvm() throws IOException {
        String launcher = Files.readString(Path.of("snnloc"));
        assertTrue(launcher.contains("source \"$root/" + JVM_FLAGS + "\""), "the launcher takes its JVM options from " + JVM_FLAGS);
        assertTrue(launcher.contains("flags=(\"${snnloc_jvm_flags[@]}\")"), "and runs the JVM with them");
        String flags = Files.readString(JVM_FLAGS);
        assertTrue(flags.contains("\"$root/" + DIRECTIVES + "\""), JVM_FLAGS + " names " + DIRECTIVES);
        assertTrue(flags.contains("-XX:CompilerDirectivesFile="), "and passes it with -XX:CompilerDirectivesFile");
    }

    @Test
    void theJvmAcceptsTheFileAndSaysSoOnStderrOnly() throws IOException, InterruptedException {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UnlockDiagnosticVMOptions", "-XX:CompilerDirectivesFile=" + DIRECTIVES, "-XX:+DisplayVMOutputToStderr",
                "-version").start();
        String stdout = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(jvm.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jvm.waitFor(60, TimeUnit.SECONDS), "the JVM finished");
        assertEquals(0, jvm.exitValue(), "exit code; stderr: " + stderr);
        assertTrue(stderr.contains("2 compiler directives added"), "the JVM read both directives; stderr: " + stderr);
        assertEquals("", stdout, "nothing on stdout, which carries results");
    }

    @Test
    void withTheLaunchersFlagsTheJvmsOnlyLineIsTheIncubatorWarning() throws IOException, InterruptedException {
        Process flagsOf = new ProcessBuilder("bash", "-c", "root=.; source " + JVM_FLAGS + "; printf '%s\\n' \"${snnloc_jvm_flags[@]}\"").start();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(new String(flagsOf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        assertTrue(flagsOf.waitFor(60, TimeUnit.SECONDS) && flagsOf.exitValue() == 0, "the flags file is valid bash");
        assertTrue(command.contains("-XX:CompilerDirectivesFile=./" + DIRECTIVES), command.toString());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "--version"));
        Process jvm = new ProcessBuilder(command).start();
        String stdout = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(jvm.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jvm.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, jvm.exitValue(), stderr);
        assertTrue(stdout.startsWith("snnloc "), stdout);
        assertEquals(List.of("WARNING: Using incubator modules: jdk.incubator.vector"), stderr.lines().toList(),
                "no line of the JVM's own, such as its confirmation of the directives");
    }

    @Test
    void onlyJdkCodeIsKeptFromC2() throws IOException {
        List<String> excluded = new ArrayList<>();
        for (JsonNode directive : directives()) {
            assertFalse(directive.has("c1"), "C1 still compiles everything (the kernels run its code until C2's is ready)");
            if (directive.path("c2").path("Exclude").asBoolean()) directive.path("match").forEach(pattern -> excluded.add(pattern.asText()));
        }
        assertFalse(excluded.isEmpty(), "the file keeps something from C2");
        for (String pattern : excluded) {
            assertTrue(pattern.startsWith("jdk/") || pattern.startsWith("java/"), "a JDK package, not snnloc's kernels: " + pattern);
        }
    }

    @Test
    void theOtherDirectivesOnlyKeepKernelsOutOfTheirCallers() throws IOException {
        int inlining = 0;
        for (JsonNode directive : directives()) {
            if (directive.path("c2").path("Exclude").asBoolean()) continue;
            inlining++;
            List<String> fields = new ArrayList<>();
            directive.fieldNames().forEachRemaining(fields::add);
            assertEquals(List.of("match", "inline"), fields, "only which calls are inlined changes: " + directive);
            directive.path("match").forEach(pattern -> assertTrue(pattern.asText().startsWith("org/snnloc/"),
                    "callers in snnloc: " + pattern));
            directive.path("inline").forEach(pattern -> assertTrue(pattern.asText().startsWith("-org/snnloc/backend/simd/"),
                    "only 'do not inline' of simd kernels: " + pattern));
            for (JsonNode caller : directive.path("match")) {
                for (JsonNode callee : directive.path("inline")) {
                    String kernelClass = callee.asText().substring(1).replace(".*", "");
                    assertFalse(caller.asText().startsWith(kernelClass + "."), "a kernel class still inlines its own helpers: " + caller);
                }
            }
        }
        assertEquals(1, inlining, "one directive about inlining");
    }

    private static JsonNode directives() throws IOException {
        JsonMapper hotspotJson = JsonMapper.builder()
                .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES).build();
        return hotspotJson.readTree(DIRECTIVES.toFile());
    }
}
