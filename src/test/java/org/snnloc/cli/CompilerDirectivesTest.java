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
 * the launcher really names, and that keeps C2 away from JDK code only, never from the kernels.
 */
class CompilerDirectivesTest {
    private static final Path DIRECTIVES = Path.of("src/main/launcher/compiler-directives.json");

    @Test
    void theLauncherPassesTheFileToTheJvm() throws IOException {
        String launcher = Files.readString(Path.of("snnloc"));
        assertTrue(launcher.contains("\"$root/" + DIRECTIVES + "\""), "the launcher names " + DIRECTIVES);
        assertTrue(launcher.contains("-XX:CompilerDirectivesFile="), "the launcher passes it with -XX:CompilerDirectivesFile");
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
        assertTrue(stderr.contains("1 compiler directives added"), "the JVM read one directive; stderr: " + stderr);
        assertEquals("", stdout, "nothing on stdout, which carries results");
    }

    @Test
    void onlyJdkCodeIsKeptFromC2() throws IOException {
        JsonMapper hotspotJson = JsonMapper.builder()
                .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES).build();
        JsonNode directives = hotspotJson.readTree(DIRECTIVES.toFile());
        List<String> patterns = new ArrayList<>();
        for (JsonNode directive : directives) {
            assertTrue(directive.path("c2").path("Exclude").asBoolean(), "each directive excludes from C2: " + directive);
            assertFalse(directive.has("c1"), "C1 still compiles everything (the kernels run its code until C2's is ready)");
            directive.path("match").forEach(pattern -> patterns.add(pattern.asText()));
        }
        assertFalse(patterns.isEmpty(), "the file matches something");
        for (String pattern : patterns) {
            assertTrue(pattern.startsWith("jdk/") || pattern.startsWith("java/"), "a JDK package, not snnloc's kernels: " + pattern);
        }
    }
}
