package org.snnloc.io;

import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * How much more the JVM's heap can take, so that a large allocation is refused up front with what
 * it needs and what there is, instead of failing half way with an OutOfMemoryError.
 */
public final class HeapSpace {
    private static final double GIB = 1L << 30;

    private HeapSpace() {}

    /** The bytes the heap can still take: its maximum less what it holds now (garbage included). */
    public static long available() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    }

    /**
     * Empty when {@code need} bytes fit in what {@code available} reports, else the shortfall as
     * the end of a sentence: "about 3.3 GB of memory, 1.9 GB is available; give Java more with
     * SNNLOC_JAVA_OPTS=-Xmx5g". The heap in use counts garbage not yet collected, so a shortfall is
     * measured again after a collection before it counts.
     */
    public static Optional<String> shortfall(long need, LongSupplier available) {
        if (need <= available.getAsLong()) return Optional.empty();
        System.gc();
        long left = available.getAsLong();
        if (need <= left) return Optional.empty();
        return Optional.of("about " + size(need) + " of memory, " + size(Math.max(0, left)) + " is available; " + moreHeap(need, left));
    }

    /** Advice for a heap that lacks room for {@code need} bytes when {@code left} are free: the -Xmx to ask for, and where. */
    private static String moreHeap(long need, long left) {
        long inUse = Math.max(0, Runtime.getRuntime().maxMemory() - left);
        // a quarter more than the sum, so the collector has room to work
        return "give Java more with " + heapOption((long) ((inUse + need) * 1.25));
    }

    /**
     * How to run with a heap of at least {@code bytes}: {@code SNNLOC_JAVA_OPTS=-Xmx5g} under the
     * launcher, which passes that variable to java, else the plain {@code java -Xmx5g}.
     */
    public static String heapOption(long bytes) {
        String option = "-Xmx" + (long) Math.ceil(bytes / GIB) + "g";
        return System.getenv("SNNLOC_LAUNCHER") != null ? "SNNLOC_JAVA_OPTS=" + option : "java " + option;
    }

    /** {@code 3.3 GB}, {@code 120 MB}, {@code 64 kB}: decimal units, as file sizes are spoken of. */
    public static String size(long bytes) {
        if (bytes >= 1e9) return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
        if (bytes >= 1e6) return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
        return String.format(Locale.ROOT, "%.0f kB", Math.ceil(bytes / 1e3));
    }
}
