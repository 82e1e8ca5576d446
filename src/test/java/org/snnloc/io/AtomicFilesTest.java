package org.snnloc.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Temporary files never outlive a command ended by a signal, and those of a killed one are cleared later. */
class AtomicFilesTest {
    @TempDir
    Path tmp;

    /** Writes {@code args[0]} atomically and never finishes, until a signal ends the JVM. */
    public static final class NeverFinishes {
        public static void main(String[] args) throws IOException {
            AtomicFiles.write(Path.of(args[0]), out -> {
                out.write("half".getBytes());
                out.flush();
                System.out.println("writing");
                System.out.flush();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    @Test
    void aCommandEndedBySigtermLeavesNoTemporaryFile() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                NeverFinishes.class.getName(), tmp.resolve("figure.png").toString()).redirectErrorStream(true).start();
        byte[] line = new byte[8];
        assertEquals(8, p.getInputStream().readNBytes(line, 0, 8), "the writer started");
        assertEquals(1, names().size(), "its temporary file is there while it writes: " + names());
        p.destroy();   // SIGTERM
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(List.of(), names(), "and gone once a signal ended the command");
    }

    @Test
    void staleTemporaryFilesAreRemovedAndFreshOnesAndResultsKept() throws IOException {
        Path stale = Files.writeString(tmp.resolve(".figure.png.123.tmp"), "half"), fresh = Files.writeString(tmp.resolve(".figure.svg.456.tmp"), "half");
        Path result = Files.writeString(tmp.resolve("figure.png"), "whole"), hiddenOther = Files.writeString(tmp.resolve(".lock"), "");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(3600)));
        Files.setLastModifiedTime(result, FileTime.from(Instant.now().minusSeconds(3600)));
        AtomicFiles.removeStale(tmp, 10);
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(fresh) && Files.exists(result) && Files.exists(hiddenOther));
    }

    @Test
    void aRunWhoseTargetAnotherCommandTookKeepsItsResultsWhereTheMessageSays() throws IOException {
        Path target = tmp.resolve("run"), staging = AtomicFiles.stagingFolder(target);
        Files.writeString(staging.resolve("model.npz"), "mine");
        Files.createDirectories(target.resolve("theirs"));
        AtomicFiles.TargetTakenException e = org.junit.jupiter.api.Assertions.assertThrows(AtomicFiles.TargetTakenException.class,
                () -> AtomicFiles.publish(staging, target));
        Path kept = tmp.resolve("run.taken");
        assertTrue(e.getMessage().endsWith("this command's results are in " + kept), e.getMessage());
        assertEquals("mine", Files.readString(kept.resolve("model.npz")));
        assertTrue(Files.isDirectory(target.resolve("theirs")), "the other command's results are left as they are");
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }
}
