package org.snnloc.io;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NumPy .npy format (versions 1.0 to 3.0): a magic string, a Python-literal header dict with
 * descr, fortran_order and shape, then the raw elements.
 *
 * <p>Written here rather than taken from a library because the JVM's npy library
 * (org.jetbrains.bio:npy 0.3.5, last released 2021) cannot read the 0-d arrays that
 * {@code numpy.savez} writes for scalars, and error messages must name the exact problem.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-zA-Z]\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final long MAX_BYTES = Integer.MAX_VALUE - 64;

    private Npy() {}

    /**
     * What a .npy header declares: the element type and byte order, and the shape (C order), whose
     * element count and size in bytes are known not to overflow.
     */
    public record Header(NpyArray.DType dtype, boolean bigEndian, int[] shape, long elements) {
        public long bytes() {
            return elements * dtype.size;
        }

        public int rank() {
            return shape.length;
        }

        @Override
        public String toString() {
            return dtype.numpyName + Arrays.toString(shape);
        }
    }

    /** Reads one array whole; {@code what} names it in error messages (a file, or file:entry). */
    public static NpyArray read(InputStream in, String what) throws IOException {
        return read(in, what, HeapSpace::available);
    }

    /** As above, refusing before it allocates an array that does not fit in {@code availableMemory} bytes. */
    public static NpyArray read(InputStream in, String what, LongSupplier availableMemory) throws IOException {
        Header header = readHeader(in, what);
        long bytes = header.bytes();
        if (bytes > MAX_BYTES) throw new NpyFormatException(what + " is too large (" + bytes + " bytes) to load");
        HeapSpace.shortfall(bytes, availableMemory).ifPresent(shortfall -> {
            throw new NpyFormatException(what + " holds " + header + ", which needs " + shortfall);
        });
        byte[] raw = new byte[(int) bytes];
        readFully(in, raw, raw.length, what);
        ByteBuffer data = ByteBuffer.wrap(raw);
        if (header.bigEndian() && header.dtype().size > 1) data = swapToLittleEndian(raw, header.dtype().size);
        return new NpyArray(header.dtype(), header.shape(), data);
    }

    /**
     * Reads the magic string and header of an array and leaves {@code in} at its first element, so
     * that a large array can be read a chunk at a time.
     */
    public static Header readHeader(InputStream in, String what) throws IOException {
        byte[] magic = readFully(in, 8, what);
        for (int i = 0; i < MAGIC.length; i++) {
            if (magic[i] != MAGIC[i]) throw new NpyFormatException(what + " is not a .npy array (bad magic bytes)");
        }
        int major = magic[6];
        int headerLength;
        if (major == 1) {
            byte[] len = readFully(in, 2, what);
            headerLength = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
        } else if (major == 2 || major == 3) {
            byte[] len = readFully(in, 4, what);
            headerLength = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (headerLength < 0 || headerLength > 1 << 20) throw new NpyFormatException(what + " has a corrupt header length");
        } else {
            throw new NpyFormatException(what + " uses .npy format version " + major + ", which is not supported (1 to 3 are)");
        }
        String header = new String(readFully(in, headerLength, what), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeMatch = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shapeMatch.find()) {
            throw new NpyFormatException(what + " has an unreadable .npy header: " + header.strip());
        }
        NpyArray.DType dtype = NpyArray.DType.fromCode(descr.group(2));
        if (dtype == null) {
            throw new NpyFormatException(what + " has dtype '" + descr.group(1) + descr.group(2)
                    + "', which is not supported (bool, integers, float32 and float64 are)");
        }
        boolean bigEndian = descr.group(1).equals(">");
        if (fortran.group(1).equals("True") && shapeRank(shapeMatch.group(1)) > 1) {
            throw new NpyFormatException(what + " is stored in Fortran order; save it with numpy.ascontiguousarray first");
        }
        int[] shape = parseShape(shapeMatch.group(1), what);
        try {
            long elements = NpyArray.elementCount(shape);
            Math.multiplyExact(elements, dtype.size);
            return new Header(dtype, bigEndian, shape, elements);
        } catch (ArithmeticException e) {
            throw new NpyFormatException(what + " declares shape " + Arrays.toString(shape) + ", whose size in bytes overflows 64 bits");
        }
    }

    /** Writes one array as .npy version 1.0, header padded so the data starts 64-byte aligned. */
    public static void write(NpyArray array, OutputStream out) throws IOException {
        writeHeader(array.dtype(), array.shape(), out);
        ByteBuffer data = array.rawData();
        if (data.hasArray()) {
            out.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
        } else {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            out.write(copy);
        }
    }

    /** The header of an array of {@code dtype} and shape {@code dims}, for a writer that streams the elements after it. */
    public static void writeHeader(NpyArray.DType dtype, int[] dims, OutputStream out) throws IOException {
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) shape.append(dims[i]).append(i == 0 && dims.length == 1 ? "," : i < dims.length - 1 ? ", " : "");
        shape.append(')');
        String dict = "{'descr': '" + dtype.descr() + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(MAGIC);
        head.write(1);
        head.write(0);
        head.write(header.length() & 0xFF);
        head.write(header.length() >>> 8);
        head.write(header.getBytes(StandardCharsets.ISO_8859_1));
        out.write(head.toByteArray());
    }

    private static int shapeRank(String inside) {
        int rank = 0;
        for (String part : inside.split(",")) if (!part.isBlank()) rank++;
        return rank;
    }

    private static int[] parseShape(String inside, String what) {
        List<Integer> dims = new ArrayList<>();
        for (String part : inside.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            if (p.endsWith("L")) p = p.substring(0, p.length() - 1);
            try {
                int d = Integer.parseInt(p);
                if (d < 0) throw new NumberFormatException();
                dims.add(d);
            } catch (NumberFormatException e) {
                throw new NpyFormatException(what + " has a bad shape (" + inside + ")");
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    private static ByteBuffer swapToLittleEndian(byte[] raw, int size) {
        for (int i = 0; i < raw.length; i += size) {
            for (int a = i, b = i + size - 1; a < b; a++, b--) {
                byte tmp = raw[a];
                raw[a] = raw[b];
                raw[b] = tmp;
            }
        }
        return ByteBuffer.wrap(raw);
    }

    private static byte[] readFully(InputStream in, int n, String what) throws IOException {
        byte[] buffer = new byte[n];
        readFully(in, buffer, n, what);
        return buffer;
    }

    /** Reads exactly {@code n} bytes into the start of {@code buffer}, refusing a stream that ends first as truncated. */
    public static void readFully(InputStream in, byte[] buffer, int n, String what) throws IOException {
        int done = in.readNBytes(buffer, 0, n);
        if (done < n) throw new NpyFormatException(what + " is truncated (expected " + n + " more bytes, got " + done + ")", new EOFException());
    }
}
