package org.snnloc.backend.simd;

import org.snnloc.backend.Backend;
import org.snnloc.backend.BackendProvider;

import java.lang.management.ManagementFactory;

/**
 * Says whether the SIMD backend can run here. It checks, in this order and before any vector
 * class is loaded (so a JVM without the module gets a sentence, not a NoClassDefFoundError):
 * the {@code jdk.incubator.vector} module, the C2 compiler (without it the Vector API runs as
 * slow Java objects, far slower than the scalar engine), the width setting, and that the CPU has
 * vectors of at least 128 bits.
 */
public final class SimdProvider implements BackendProvider {
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    @Override
    public String name() {
        return SimdBackend.NAME;
    }

    /**
     * Answered once per JVM (the module, the JIT flags, the width setting and the CPU cannot change
     * while it runs, and the kernels' species is a constant): {@code snnloc info}, the selection and
     * the tests share one answer instead of each asking the management beans.
     */
    @Override
    public Availability probe() {
        return Answer.AVAILABILITY;
    }

    private static final class Answer {
        static final Availability AVAILABILITY = check();
    }

    private static Availability check() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return Availability.unusable("the JVM was started without the Vector API module; "
                    + "run it with --add-modules=" + VECTOR_MODULE + " (the ./snnloc launcher does)");
        }
        String compiler = c2Problem();
        if (compiler != null) return Availability.unusable(compiler);
        try {
            VectorWidth.forcedBits();
        } catch (IllegalArgumentException e) {
            return Availability.unusable(e.getMessage());
        }
        return VectorProbe.check();
    }

    @Override
    public Backend create() {
        return new SimdBackend();
    }

    /**
     * The Vector API as this JVM sees it, for {@code snnloc info}: whether the module is loaded,
     * the CPU's preferred float species, and the width the kernels use.
     */
    public static String vectorSupport() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return "not loaded (start the JVM with --add-modules=" + VECTOR_MODULE + ")";
        }
        try {
            VectorWidth.forcedBits();
        } catch (IllegalArgumentException e) {
            return "loaded; " + e.getMessage();
        }
        return VectorProbe.summary();
    }

    /** A sentence when the C2 JIT is off, else null. */
    static String c2Problem() {
        String info = System.getProperty("java.vm.info", "");
        if (info.contains("interpreted mode")) return "the JVM runs interpreted (-Xint), so the Vector API would be slower than scalar code";
        if (ModuleLayer.boot().findModule("jdk.management").isEmpty()) return null;   // cannot ask; assume the default (C2 on)
        try {
            var vm = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            if (vm == null) return null;
            if ("false".equals(vm.getVMOption("UseCompiler").getValue())) {
                return "the JIT compiler is off (-XX:-UseCompiler), so the Vector API would be slower than scalar code";
            }
            int level = Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue());
            if (level < 4 && "true".equals(vm.getVMOption("TieredCompilation").getValue())) {
                return "the C2 compiler is off (-XX:TieredStopAtLevel=" + level + "), so the Vector API would be slower than scalar code";
            }
        } catch (RuntimeException e) {
            return null;   // not HotSpot or an option is missing: assume C2
        }
        return null;
    }

    /** The checks that load vector classes; only reached once the module is known to be present. */
    private static final class VectorProbe {
        static Availability check() {
            int preferred = Lanes.preferredBits();
            if (preferred < 128) {
                return Availability.unusable("this CPU's preferred float vectors are " + preferred
                        + " bits; the SIMD kernels need at least 128");
            }
            return Availability.usable(Lanes.describe());
        }

        static String summary() {
            return VECTOR_MODULE + " loaded; preferred float species " + Lanes.preferredBits() + " bits ("
                    + Lanes.preferredBits() / Float.SIZE + " floats); the simd kernels use " + Lanes.describe();
        }
    }
}
