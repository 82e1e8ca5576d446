package org.snnloc.backend.cuda;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed PTX (src/main/resources/org/snnloc/backend/cuda) is what src/main/cuda/build-ptx.sh
 * makes of the current kernels, and its kernels take the parameters the engine passes.
 */
class CommittedPtxTest {
    private static final Path SOURCE = Path.of("src/main/cuda/snnloc_kernels.cu");
    private static final Path SCRIPT = Path.of("src/main/cuda/build-ptx.sh");
    private static final Path MAVEN_BUILT = Path.of("target/generated-ptx");
    private static final String STALE = "the committed PTX is stale: run src/main/cuda/build-ptx.sh and commit src/main/resources/org/snnloc/backend/cuda";

    @TempDir
    Path temp;

    private static Properties committedProperties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = CommittedPtxTest.class.getResourceAsStream(KernelLibrary.RESOURCE_FOLDER + KernelLibrary.PTX_BASENAME + ".ptx.properties")) {
            properties.load(in);
        }
        return properties;
    }

    private static String committedPtx(int architecture) {
        return new String(KernelLibrary.readResource(KernelLibrary.PTX_BASENAME + ".compute_" + architecture + ".ptx"), StandardCharsets.UTF_8);
    }

    @Test
    void committedPtxWasBuiltFromTheCurrentSource() throws IOException, NoSuchAlgorithmException {
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(SOURCE)));
        assertEquals(digest, committedProperties().getProperty("source.sha256"), STALE);
        assertEquals(List.of(75, 90), KernelLibrary.committedArchitectures());
    }

    @Test
    void committedPtxIsWhatNvccMakesOfIt() throws IOException, InterruptedException {
        Path built = MAVEN_BUILT;
        if (!Files.isRegularFile(built.resolve(KernelLibrary.PTX_BASENAME + ".ptx.properties"))) {
            Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/local/cuda/bin/nvcc")) || onPath("nvcc"),
                    "nvcc is not installed here: the committed PTX cannot be rebuilt to compare (the source hash is still checked)");
            built = temp;
            Process process = new ProcessBuilder("bash", SCRIPT.toString(), built.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "nvcc took too long");
            assertEquals(0, process.exitValue(), output);
        }
        Properties fresh = new Properties();
        try (InputStream in = Files.newInputStream(built.resolve(KernelLibrary.PTX_BASENAME + ".ptx.properties"))) {
            fresh.load(in);
        }
        Properties committed = committedProperties();
        Assumptions.assumeTrue(fresh.getProperty("nvcc.release").equals(committed.getProperty("nvcc.release")),
                () -> "nvcc " + fresh.getProperty("nvcc.release") + " here, the PTX was made by nvcc " + committed.getProperty("nvcc.release")
                        + ": their output may differ; the source hash is still checked");
        assertEquals(committed.getProperty("nvcc.flags"), fresh.getProperty("nvcc.flags"), STALE);
        for (int architecture : KernelLibrary.committedArchitectures()) {
            String rebuilt = Files.readString(built.resolve(KernelLibrary.PTX_BASENAME + ".compute_" + architecture + ".ptx"));
            assertEquals(withoutComments(rebuilt), withoutComments(committedPtx(architecture)), STALE + " (compute_" + architecture + ")");
        }
    }

    @Test
    void eachKernelTakesTheParametersTheEngineLaunchesItWith() {
        for (int architecture : KernelLibrary.committedArchitectures()) {
            String ptx = committedPtx(architecture);
            assertTrue(ptx.contains(".target sm_" + architecture), "compute_" + architecture + " PTX targets sm_" + architecture);
            for (Kernel kernel : Kernel.values()) {
                assertEquals(kernel.parameters(), entryParameters(ptx, kernel.symbol), kernel.symbol + " in compute_" + architecture);
            }
            assertEquals(Kernel.values().length, countMatches(ptx, "\\.visible \\.entry "), "kernels in the PTX");
        }
    }

    @Test
    void noSinglePrecisionMultiplyAddIsFused() {
        // --fmad=false: the reference rounds a * b and then a * b + c; a fused FMA would round once
        for (int architecture : KernelLibrary.committedArchitectures()) {
            assertFalse(committedPtx(architecture).contains("fma.rn.f32"), "compute_" + architecture + " PTX contains fma.rn.f32");
        }
    }

    /** The parameter kinds of one .entry, from its PTX declaration (.u64 pointers, .u32 ints, .f32 floats). */
    static List<Kernel.Param> entryParameters(String ptx, String symbol) {
        Matcher entry = Pattern.compile("\\.visible \\.entry " + symbol + "\\(([^)]*)\\)").matcher(ptx);
        assertTrue(entry.find(), "no .entry " + symbol);
        List<Kernel.Param> kinds = new ArrayList<>();
        Matcher param = Pattern.compile("\\.param \\.(u64|u32|s32|f32)( \\.ptr[^ ]*)*( \\.align \\d+)? " + symbol + "_param_\\d+").matcher(entry.group(1));
        while (param.find()) {
            kinds.add(switch (param.group(1)) {
                case "u64" -> Kernel.Param.POINTER;
                case "u32", "s32" -> Kernel.Param.INT;
                default -> Kernel.Param.FLOAT;
            });
        }
        assertEquals(countMatches(entry.group(1), "\\.param "), kinds.size(), "unrecognised parameters of " + symbol + ": " + entry.group(1));
        return kinds;
    }

    private static int countMatches(String text, String regex) {
        return (int) Pattern.compile(regex).matcher(text).results().count();
    }

    private static String withoutComments(String ptx) {
        return String.join("\n", ptx.lines().filter(line -> !line.startsWith("//")).toList());
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) return true;
        }
        return false;
    }
}
