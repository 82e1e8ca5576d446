package org.snnloc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checks an output file passes before a command does any work: it is not one of the command's
 * own inputs, not a link, folder, device or FIFO, and not an existing file unless {@code --force}
 * says to replace it (then atomically, see {@link org.snnloc.io.AtomicFiles}).
 */
final class OutputFiles {
    private final boolean force;
    private final Map<String, Path> inputs = new LinkedHashMap<>();
    private final Map<String, Path> outputs = new LinkedHashMap<>();

    OutputFiles(boolean force) {
        this.force = force;
    }

    /** An input the outputs must not be, named by its option ({@code --model}); null is skipped. */
    OutputFiles input(String option, Path file) {
        if (file != null) inputs.put(option, file);
        return this;
    }

    /** Checks output {@code file} of {@code option} (null is skipped) against the inputs and the outputs checked before it. */
    OutputFiles output(String option, Path file) throws IOException {
        if (file == null) return this;
        if (Files.isSymbolicLink(file)) {
            throw new InvalidInputException(option + " " + file + " is a symbolic link" + (Files.exists(file) ? "" : " to nothing")
                    + "; give the file's own path");
        }
        Path existing = org.snnloc.io.AtomicFiles.existingAncestor(file);
        if (existing != null && !Files.isDirectory(existing)) {
            throw new InvalidInputException(option + " " + file + ": " + existing + " is a file, not a folder; give another path");
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException(option + " " + file + " exists and is not a regular file (a folder, device or FIFO); give a file name");
        }
        Map<String, Path> others = new LinkedHashMap<>(inputs);
        others.putAll(outputs);
        for (Map.Entry<String, Path> other : others.entrySet()) {
            if (same(file, other.getValue())) {
                throw new InvalidInputException(option + " " + file + " is the file of " + other.getKey() + "; give another name");
            }
        }
        if (!force && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException(option + " " + file + " exists; give --force to replace it, or another name");
        }
        outputs.put(option, file);
        return this;
    }

    /** Whether two paths name one file: the same file on disk, or the same path once made absolute (when neither exists yet). */
    private static boolean same(Path a, Path b) throws IOException {
        if (Files.exists(a) && Files.exists(b)) return Files.isSameFile(a, b);
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
