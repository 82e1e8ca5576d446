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

    /** The SHA-256 of {@code file}'s bytes, in hex: how run folders and runs' data files are checked for changes. */
    public static String sha256(Path file) throws java.io.IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
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
