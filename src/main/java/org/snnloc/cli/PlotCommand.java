package org.snnloc.cli;

import org.snnloc.backend.Backend;
import org.snnloc.plot.FigureCatalogue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code snnloc plot DIR}: the figures of a run or an experiment folder, as PNG and SVG. */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Draw the figures of a run or an experiment folder (PNG and SVG).",
        description = {"Draw the notebook's figures as PNG and SVG for a run folder (from train) or an experiment folder (from sweep, "
                + "constraints or all), into figures/ folders. The run's test data is regenerated from its seeds."})
final class PlotCommand implements Callable<Integer>, ExitCodes.Verbosity {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_OR_EXPERIMENT_DIR", description = "a run folder or an experiment folder")
    Path dir;

    @Mixin
    PlotOptions plotOptions;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;

    @Override
    public boolean verbose() {
        return verbose;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PlotOptions.checkFolder(dir);
        try (Backend backend = backendOptions.select(spec.commandLine().getErr()).backend()) {
            FigureCatalogue.Plotted plotted = FigureCatalogue.plot(dir, backend, plotOptions.options());
            for (FigureCatalogue.FigureFile f : plotted.all()) out.println(f.png() + "  " + f.svg());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
