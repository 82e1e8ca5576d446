package org.snnloc.cli;

import org.snnloc.plot.FigureCatalogue;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** {@code snnloc plot DIR}: the figures of a run or an experiment folder, as PNG and SVG. */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Draw the figures of a run or an experiment folder (PNG and SVG).",
        description = {"Draw the notebook's figures as PNG and SVG for a run folder (from train) or an experiment folder (from sweep, "
                + "constraints or all), into figures/ folders. The run's test data is regenerated from its seeds."})
final class PlotCommand extends FigureCommand {
    @Override
    boolean writesIndex() {
        return false;
    }

    @Override
    void report(FigureCatalogue.Plotted plotted, PrintWriter out) {
        for (FigureCatalogue.FigureFile f : plotted.all()) out.println(f.png() + "  " + f.svg());
    }
}
