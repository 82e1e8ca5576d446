package org.snnloc.backend;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.snnloc.cli.Main;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backend selection with and without the vector module. pom.xml runs this class twice: in the
 * normal test JVM, and in one started without {@code --add-modules jdk.incubator.vector} (it
 * sets {@code snnloc.test.vector-module=absent}, so a misconfigured run cannot pass silently).
 */
@Tag("backend-selection")
class BackendSelectionTest {
    private static final boolean VECTOR_MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    @Test
    void theJvmHasTheModuleThisRunExpects() {
        assertEquals(!"absent".equals(System.getProperty("snnloc.test.vector-module")), VECTOR_MODULE,
                "jdk.incubator.vector present in this JVM");
    }

    @Test
    void autoTakesSimdWhenTheModuleIsThereAndOtherwiseFallsBackToScalarSayingWhy() {
        BackendSelector.Selection selection = BackendSelector.standard().select("auto");
        // A machine with a usable GPU selects cuda before either; without one, cuda's own note comes first.
        if (selection.backend().name().equals("cuda")) return;
        var cpuNotes = selection.notes().stream().filter(n -> !n.startsWith("cuda not used: ")).toList();
        try (Backend backend = selection.backend()) {
            if (VECTOR_MODULE) {
                assertEquals("simd", backend.name());
                assertTrue(cpuNotes.isEmpty(), "no notes: " + selection.notes());
            } else {
                assertEquals("scalar", backend.name());
                assertEquals(1, cpuNotes.size(), "one note: " + selection.notes());
                String note = cpuNotes.getFirst();
                assertTrue(note.startsWith("simd not used: ") && note.contains("--add-modules=jdk.incubator.vector"), note);
                assertFalse(note.contains("\n"), "one line");
            }
        }
    }

    @Test
    void forcedSimdWorksWithTheModuleAndIsRefusedWithTheReasonWithoutIt() {
        if (VECTOR_MODULE) {
            try (Backend backend = BackendSelector.standard().select("simd").backend()) {
                assertEquals("simd", backend.name());
            }
        } else {
            var e = assertThrows(BackendSelector.UnavailableBackendException.class, () -> BackendSelector.standard().select("simd"));
            assertTrue(e.getMessage().contains("backend 'simd' is not usable") && e.getMessage().contains("--add-modules"), e.getMessage());
        }
    }

    @Test
    void theCommandLineRefusesAForcedSimdWithExitCode2AndOneLine() {
        if (VECTOR_MODULE) return;   // with the module, a forced simd is a normal training run
        Run run = run("train", "--backend", "simd", "--epochs", "1", "--out", "unused-run-folder");
        assertEquals(2, run.exitCode, run.err);
        assertEquals(1, run.err.strip().lines().count(), "one line: " + run.err);
        assertTrue(run.err.contains("--add-modules=jdk.incubator.vector"), run.err);
    }

    @Test
    void infoListsEveryBackendWithWhyItIsUnusable() {
        Run run = run("info");
        assertEquals(0, run.exitCode, run.err);
        assertTrue(run.out.contains("Java:") && run.out.contains("CPU cores:") && run.out.contains("Vector API:"), run.out);
        String simdLine = run.out.lines().filter(l -> l.trim().startsWith("simd ")).findFirst().orElseThrow();
        String scalarLine = run.out.lines().filter(l -> l.trim().startsWith("scalar ")).findFirst().orElseThrow();
        assertTrue(scalarLine.contains(" usable"), scalarLine);
        if (VECTOR_MODULE) {
            assertTrue(simdLine.contains(" usable") && simdLine.contains("-bit vectors"), simdLine);
            assertTrue(run.out.contains("auto selects: simd"), run.out);
        } else {
            assertTrue(simdLine.contains("unusable") && simdLine.contains("--add-modules"), simdLine);
            assertTrue(run.out.contains("Vector API: not loaded"), run.out);
            assertTrue(run.out.contains("auto selects: scalar"), run.out);
        }
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
