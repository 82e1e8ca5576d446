package org.snnloc.io;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * What every file snnloc reads passes first: it exists, and is a regular file (through a link that
 * leads to one). A FIFO would block the command forever and a device would never end, so both are
 * refused before anything opens them.
 */
public final class InputFiles {
    private InputFiles() {}

    /** Why {@code file} cannot be read as a file, or null when it can. */
    public static String problem(Path file) {
        if (Files.isRegularFile(file)) return null;
        if (Files.isSymbolicLink(file) && !Files.exists(file)) return file + " is a symbolic link to nothing";
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return "file not found: " + file;
        if (Files.isDirectory(file)) return file + " is a folder, not a file";
        return file + " is not a regular file (a FIFO or a device)";
    }

    /** Refuses {@code file} when it cannot be read as a file, naming why. */
    public static void require(Path file) {
        String problem = problem(file);
        if (problem != null) throw new CorruptFileException(problem);
    }

    /** A file that is missing, not a file, or whose content is not what it should be; the message names it and the problem. */
    public static final class CorruptFileException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public CorruptFileException(String message) {
            super(message);
        }

        public CorruptFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
