package org.snnloc.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Files and folders that appear whole or not at all: everything is written under a temporary
 * name in the same folder, forced to the disk (fsync), and renamed into place at the end, and the
 * folder that holds it is forced too, so a power loss leaves the old file or the whole new one,
 * never a renamed but empty file.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * The temporary files and staging folders being written now. A command ended by a signal
     * (whose handler does not stop it gently, e.g. while it draws figures) runs no finally blocks,
     * only shutdown hooks: this one deletes them, so they never outlive the command. A command
     * killed outright (SIGKILL) leaves them, hidden: experiments clear their staging folders when
     * they resume, and the figure writer its temporary files ({@link #removeStale}).
     */
    private static final java.util.Set<Path> IN_PROGRESS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> IN_PROGRESS.forEach(AtomicFiles::deleteRecursively), "snnloc-temporary-files"));
    }

    /** Something that writes a file's content. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Refuses a {@code file} that {@link #write} could not replace: a folder, link, device or FIFO in its place. */
    public static void requireReplaceable(Path file) {
        if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(file + " exists and is not a regular file (a folder, link, device or FIFO); it is left as it is");
        }
    }

    /** Writes {@code file} atomically, replacing an existing file only once the new one is complete. */
    public static void write(Path file, Writer writer) throws IOException {
        Path target = file.toAbsolutePath();
        requireReplaceable(file);
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "." + target.getFileName() + ".", TEMPORARY);
        IN_PROGRESS.add(temp);
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                writer.writeTo(out);
            }
            move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
            IN_PROGRESS.remove(temp);
        }
    }

    /** The suffix of a temporary file of {@link #write}. */
    private static final String TEMPORARY = ".tmp";

    /**
     * Deletes the temporary files of {@link #write} in {@code folder} that a killed command left,
     * those older than {@code minutes} (younger ones may belong to a command writing now).
     */
    public static void removeStale(Path folder, long minutes) throws IOException {
        if (!Files.isDirectory(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        java.nio.file.attribute.FileTime before = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(60 * minutes));
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(TEMPORARY) && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && Files.getLastModifiedTime(p, java.nio.file.LinkOption.NOFOLLOW_LINKS).compareTo(before) < 0) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    public static void writeString(Path file, String text) throws IOException {
        write(file, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** A temporary sibling folder of {@code target} that a run fills before {@link #publish}. */
    public static Path stagingFolder(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path staging = Files.createTempDirectory(absolute.getParent(), "." + absolute.getFileName() + ".");
        IN_PROGRESS.add(staging);
        return staging;
    }

    /** Renames a filled staging folder to {@code target}, which must not exist. */
    public static void publish(Path staging, Path target) throws IOException {
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) throw taken(target, staging);
        makeReadable(staging);
        force(staging);
        try {
            Files.move(staging, target.toAbsolutePath(), StandardCopyOption.ATOMIC_MOVE);   // never over a folder that appeared meanwhile
        } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            throw taken(target, staging);
        }
        forceDirectory(target.toAbsolutePath().getParent());
    }

    /** {@code path} with {@code suffix} added to its name, or with {@code suffix-2}, {@code suffix-3}, ..., whichever is not taken yet. */
    public static Path unusedSibling(Path path, String suffix) {
        Path sibling = path.resolveSibling(path.getFileName() + suffix);
        for (int k = 2; Files.exists(sibling, java.nio.file.LinkOption.NOFOLLOW_LINKS); k++) {
            sibling = path.resolveSibling(path.getFileName() + suffix + "-" + k);
        }
        return sibling;
    }

    /** The nearest of {@code path}'s folders above it that exists (null when none does): where creating it would start. */
    public static Path existingAncestor(Path path) {
        Path existing = path.toAbsolutePath().getParent();
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        return existing;
    }

    /** The results of {@code staging} kept beside the target another command took, as {@code NAME.taken} (or {@code NAME.taken-2}, ...). */
    private static TargetTakenException taken(Path target, Path staging) throws IOException {
        IN_PROGRESS.remove(staging);   // results now, which the shutdown hook must leave
        Path kept = unusedSibling(target.toAbsolutePath(), ".taken");
        Files.move(staging, kept, StandardCopyOption.ATOMIC_MOVE);
        return new TargetTakenException(target, kept);
    }

    /** Another command wrote the target first; the results are kept beside it, where the message says. */
    public static final class TargetTakenException extends IOException {
        private static final long serialVersionUID = 1L;

        TargetTakenException(Path target, Path kept) {
            super(target + " was written by another command meanwhile; this command's results are in " + kept);
        }
    }

    public static void deleteRecursively(Path path) {
        if (path != null) IN_PROGRESS.remove(path);
        if (path == null || !Files.exists(path)) return;
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover temporary file is harmless and hidden
                }
            });
        } catch (IOException ignored) {
            // best effort, as above
        }
    }

    /**
     * Temporary files and folders are created private (0600 / 0700); results get the usual
     * 0644 / 0755 before they are renamed into place.
     */
    private static void makeReadable(Path path) throws IOException {
        if (!Files.getFileStore(path).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) return;
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        makeReadable(from);
        force(from);
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(to.getParent());
    }

    /** fsync of every file (and folder) under {@code path}, before it is renamed into place. */
    private static void force(Path path) throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p)) {
                    try (FileChannel channel = FileChannel.open(p, StandardOpenOption.READ)) {
                        channel.force(true);
                    }
                } else if (Files.isDirectory(p)) {
                    forceDirectory(p);
                }
            }
        }
    }

    /** fsync of a folder, so a rename in it is on the disk; some file systems refuse it for folders, and then there is nothing to do. */
    private static void forceDirectory(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // a file system that cannot sync a folder keeps its renames in order anyway
        }
    }
}
