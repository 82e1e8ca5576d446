package org.snnloc.cli;

import org.snnloc.backend.BackendProvider;
import org.snnloc.backend.BackendSelector;
import org.snnloc.backend.cuda.CudaProvider;
import org.snnloc.backend.simd.SimdProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code snnloc info}: what this machine and JVM offer, and which backends can run. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Show the JVM, the vector support, the cores, and which backends are usable.",
                "For every backend: usable here or, if not, why and how to fix it."})
final class InfoCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println(new Main.Version().getVersion()[0]);
        out.printf("Java:       %s (%s, %s)%n", Runtime.version(), System.getProperty("java.vm.name"), System.getProperty("java.vm.info"));
        out.printf("CPU cores:  %d available to the JVM%n", Runtime.getRuntime().availableProcessors());
        out.printf("Vector API: %s%n", SimdProvider.vectorSupport());
        if (new CudaProvider().probe().usable()) {
            for (String line : CudaProvider.describe()) out.printf("CUDA:       %s%n", line);
        }
        out.println("Backends, in the order auto tries them:");
        String chosen = null;
        for (BackendProvider provider : BackendSelector.standard().providers()) {
            BackendProvider.Availability availability = provider.probe();
            if (availability.usable() && chosen == null) chosen = provider.name();
            out.printf("  %-8s %-10s %s%n", provider.name(), availability.usable() ? "usable" : "unusable", availability.detail());
        }
        out.printf("auto selects: %s%n", chosen == null ? "nothing (no backend is usable)" : chosen);
        out.flush();
        return ExitCodes.OK;
    }
}
