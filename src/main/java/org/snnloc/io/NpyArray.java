package org.snnloc.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One NumPy array: its dtype, shape and raw little-endian element bytes in C order.
 *
 * <p>Element accessors convert on read, so a large 0/1 spike array stays one byte per element.
 */
public final class NpyArray {
    private final DType dtype;
    private final int[] shape;     // empty for a 0-d (scalar) array
    private final ByteBuffer data; // little-endian, C order

    public NpyArray(DType dtype, int[] shape, ByteBuffer data) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long expected = elementCount(shape) * dtype.size;
        if (data.remaining() != expected) {
            throw new NpyFormatException("array data has " + data.remaining() + " bytes, shape " + Arrays.toString(shape)
                    + " of " + dtype.numpyName + " needs " + expected);
        }
    }

    /** NumPy element types this project reads and writes. */
    public enum DType {
        BOOL("b1", "bool", 1, false), UINT8("u1", "uint8", 1, false), INT8("i1", "int8", 1, false),
        INT16("i2", "int16", 2, false), UINT16("u2", "uint16", 2, false), INT32("i4", "int32", 4, false),
        UINT32("u4", "uint32", 4, false), INT64("i8", "int64", 8, false), UINT64("u8", "uint64", 8, false),
        FLOAT32("f4", "float32", 4, true), FLOAT64("f8", "float64", 8, true);

        final String code;
        public final String numpyName;
        final int size;
        public final boolean floating;

        DType(String code, String numpyName, int size, boolean floating) {
            this.code = code;
            this.numpyName = numpyName;
            this.size = size;
            this.floating = floating;
        }

        static DType fromCode(String code) {
            for (DType t : values()) if (t.code.equals(code)) return t;
            return null;
        }

        /** The descr NumPy writes: '|' for one-byte types, '<' (little-endian) otherwise. */
        String descr() {
            return (size == 1 ? "|" : "<") + code;
        }

        /** The element that starts at byte {@code at} of {@code data} (in the buffer's byte order), as a double. */
        double valueAt(ByteBuffer data, int at) {
            return switch (this) {
                case BOOL, UINT8 -> data.get(at) & 0xFF;
                case INT8 -> data.get(at);
                case INT16 -> data.getShort(at);
                case UINT16 -> data.getShort(at) & 0xFFFF;
                case INT32 -> data.getInt(at);
                case UINT32 -> data.getInt(at) & 0xFFFFFFFFL;
                case INT64 -> data.getLong(at);
                case UINT64 -> {
                    long v = data.getLong(at);
                    yield v >= 0 ? v : (double) (v >>> 1) * 2.0;
                }
                case FLOAT32 -> data.getFloat(at);
                case FLOAT64 -> data.getDouble(at);
            };
        }
    }

    /** The number of elements of an array of {@code shape}; throws ArithmeticException when it overflows a long. */
    public static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    public DType dtype() { return dtype; }

    public int[] shape() { return shape.clone(); }

    public int rank() { return shape.length; }

    public long size() { return elementCount(shape); }

    ByteBuffer rawData() { return data.duplicate().order(ByteOrder.LITTLE_ENDIAN); }

    /** Element {@code index} (flat, C order) as a double. */
    public double getDouble(long index) {
        return dtype.valueAt(data, Math.toIntExact(index * dtype.size));
    }

    /** Element {@code index} as a long; floating values must be whole numbers. */
    public long getLong(long index) {
        if (dtype.floating) {
            double v = getDouble(index);
            if (v != Math.rint(v)) throw new NpyFormatException("value " + v + " at index " + index + " is not a whole number");
            return (long) v;
        }
        if (dtype == DType.INT64 || dtype == DType.UINT64) return data.getLong(Math.toIntExact(index * 8));
        return (long) getDouble(index);
    }

    public float[] toFloats() {
        float[] out = new float[Math.toIntExact(size())];
        for (int i = 0; i < out.length; i++) out[i] = (float) getDouble(i);
        return out;
    }

    public double[] toDoubles() {
        double[] out = new double[Math.toIntExact(size())];
        for (int i = 0; i < out.length; i++) out[i] = getDouble(i);
        return out;
    }

    public long[] toLongs() {
        long[] out = new long[Math.toIntExact(size())];
        for (int i = 0; i < out.length; i++) out[i] = getLong(i);
        return out;
    }

    /** The single value of a 0-d or one-element array. */
    public double scalar() {
        if (size() != 1) throw new NpyFormatException("expected a single value, found shape " + Arrays.toString(shape));
        return getDouble(0);
    }

    public static NpyArray ofFloats(float[] values, int... shape) {
        ByteBuffer b = allocate((long) values.length * 4);
        for (float v : values) b.putFloat(v);
        return new NpyArray(DType.FLOAT32, shape, b.flip());
    }

    public static NpyArray ofDoubles(double[] values, int... shape) {
        ByteBuffer b = allocate((long) values.length * 8);
        for (double v : values) b.putDouble(v);
        return new NpyArray(DType.FLOAT64, shape, b.flip());
    }

    public static NpyArray ofLongs(long[] values, int... shape) {
        ByteBuffer b = allocate((long) values.length * 8);
        for (long v : values) b.putLong(v);
        return new NpyArray(DType.INT64, shape, b.flip());
    }

    public static NpyArray ofInts(int[] values, int... shape) {
        long[] widened = new long[values.length];
        for (int i = 0; i < values.length; i++) widened[i] = values[i];
        return ofLongs(widened, shape);
    }

    public static NpyArray ofUint8(byte[] values, int... shape) {
        return new NpyArray(DType.UINT8, shape, ByteBuffer.wrap(values));
    }

    public static NpyArray scalarFloat64(double value) {
        return ofDoubles(new double[] {value});
    }

    public static NpyArray scalarInt64(long value) {
        return ofLongs(new long[] {value});
    }

    private static ByteBuffer allocate(long bytes) {
        return ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public String toString() {
        return dtype.numpyName + Arrays.toString(shape);
    }
}
