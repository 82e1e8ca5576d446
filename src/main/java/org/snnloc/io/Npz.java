package org.snnloc.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy .npz archives: a zip of .npy members, plain ({@code numpy.savez}) or deflated
 * ({@code numpy.savez_compressed}).
 */
public final class Npz {
    private Npz() {}

    /** Reads every array of an archive, keyed by name (without ".npy"), in archive order. */
    public static Map<String, NpyArray> read(Path file) {
        String problem = InputFiles.problem(file);
        if (problem != null) throw new NpyFormatException(problem);
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) continue;
                String name = entry.getName();
                String key = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
                try (InputStream in = new BufferedInputStream(zip.getInputStream(entry), 1 << 16)) {
                    arrays.put(key, Npy.read(in, file + ":" + key));
                }
            }
        } catch (NoSuchFileException e) {
            throw new NpyFormatException("file not found: " + file);
        } catch (ZipException e) {
            throw new NpyFormatException(file + " is not a readable .npz archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new NpyFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (arrays.isEmpty()) throw new NpyFormatException(file + " holds no arrays");
        return arrays;
    }

    /**
     * Writes the arrays to {@code file} atomically: into a temporary file beside it, then renamed,
     * so an interrupted write never leaves a half file.
     */
    public static void write(Path file, Map<String, NpyArray> arrays, boolean compressed) throws IOException {
        AtomicFiles.write(file, out -> writeTo(out, arrays, compressed));
    }

    public static void writeTo(OutputStream target, Map<String, NpyArray> arrays, boolean compressed) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(target, 1 << 16));
        zip.setLevel(compressed ? 6 : 0);
        zip.setMethod(ZipOutputStream.DEFLATED);
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
            Npy.write(e.getValue(), zip);
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }
}
