package org.snnloc.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy .npz archives: a zip of .npy members, plain ({@code numpy.savez}) or deflated
 * ({@code numpy.savez_compressed}).
 */
public final class Npz {
    private static final int BUFFER_BYTES = 1 << 16;

    private Npz() {}

    /** Reads every array of an archive, keyed by name (without ".npy"), in archive order. */
    public static Map<String, NpyArray> read(Path file) {
        try (Archive archive = open(file, HeapSpace::available)) {
            Map<String, NpyArray> arrays = new LinkedHashMap<>();
            for (String name : archive.names()) arrays.put(name, archive.array(name));
            if (arrays.isEmpty()) throw new NpyFormatException(file + " holds no arrays");
            return arrays;
        }
    }

    /**
     * Opens an archive to read its arrays one at a time, whole or streamed; an array read whole
     * that does not fit in {@code availableMemory} bytes is refused before it is allocated.
     */
    public static Archive open(Path file, LongSupplier availableMemory) {
        String problem = InputFiles.problem(file);   // a FIFO would block the read forever
        if (problem != null) throw new NpyFormatException(problem);
        try {
            return new Archive(file, new ZipFile(file.toFile()), availableMemory);
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    /** An archive open for reading. */
    public static final class Archive implements AutoCloseable {
        private final Path file;
        private final ZipFile zip;
        private final LongSupplier availableMemory;
        private final Map<String, ZipEntry> members = new LinkedHashMap<>();   // by array name, in archive order

        private Archive(Path file, ZipFile zip, LongSupplier availableMemory) {
            this.file = file;
            this.zip = zip;
            this.availableMemory = availableMemory;
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) continue;
                String name = entry.getName();
                members.put(name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name, entry);
            }
        }

        /** The arrays' names (without ".npy"), in archive order. */
        public Set<String> names() {
            return Collections.unmodifiableSet(members.keySet());
        }

        /** The array {@code name}, read whole; null when the archive has none of that name. */
        public NpyArray array(String name) {
            ZipEntry entry = members.get(name);
            if (entry == null) return null;
            try (InputStream in = member(entry)) {
                return Npy.read(in, file + ":" + name, availableMemory);
            } catch (IOException e) {
                throw failure(file, e);
            }
        }

        /**
         * The array {@code name} as its header and a stream of its elements, which the caller reads
         * and closes (null when the archive has none of that name). A read error of the stream is
         * best reported through {@link Npz#failure}.
         */
        public Streamed stream(String name) {
            ZipEntry entry = members.get(name);
            if (entry == null) return null;
            try {
                InputStream in = member(entry);
                try {
                    return new Streamed(Npy.readHeader(in, file + ":" + name), in);
                } catch (IOException | RuntimeException e) {
                    in.close();
                    throw e;
                }
            } catch (IOException e) {
                throw failure(file, e);
            }
        }

        private InputStream member(ZipEntry entry) throws IOException {
            return new BufferedInputStream(zip.getInputStream(entry), BUFFER_BYTES);
        }

        @Override
        public void close() {
            try {
                zip.close();
            } catch (IOException e) {
                throw failure(file, e);
            }
        }
    }

    /** An array being read a chunk at a time: its header, and its elements, still to be read from {@code elements}. */
    public record Streamed(Npy.Header header, InputStream elements) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            elements.close();
        }
    }

    /** A read error of {@code file} as one line: an archive zip cannot read, or an I/O error. */
    public static NpyFormatException failure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) return new NpyFormatException("file not found: " + file);
        if (e instanceof ZipException) return new NpyFormatException(file + " is not a readable .npz archive (" + e.getMessage() + ")", e);
        return new NpyFormatException("cannot read " + file + ": " + e.getMessage(), e);
    }

    /**
     * Writes the arrays to {@code file} atomically: into a temporary file beside it, then renamed,
     * so an interrupted write never leaves a half file.
     */
    public static void write(Path file, Map<String, NpyArray> arrays, boolean compressed) throws IOException {
        Map<String, AtomicFiles.Writer> members = new LinkedHashMap<>();
        arrays.forEach((name, array) -> members.put(name, out -> Npy.write(array, out)));
        writeMembers(file, members, compressed);
    }

    /**
     * As above, each member's .npy content written by its writer, so that a large array can be
     * streamed into the archive (after {@link Npy#writeHeader}) instead of being built in memory.
     */
    public static void writeMembers(Path file, Map<String, AtomicFiles.Writer> members, boolean compressed) throws IOException {
        AtomicFiles.write(file, target -> {
            ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(target, BUFFER_BYTES));
            zip.setLevel(compressed ? 6 : 0);
            zip.setMethod(ZipOutputStream.DEFLATED);
            for (Map.Entry<String, AtomicFiles.Writer> e : members.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                e.getValue().writeTo(zip);
                zip.closeEntry();
            }
            zip.finish();
            zip.flush();
        });
    }
}
