package org.snnloc.cli;

import org.snnloc.backend.Backend;
import org.snnloc.io.AtomicFiles;
import org.snnloc.plot.FigureCatalogue;
import org.snnloc.plot.HtmlReport;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** What {@code plot} and {@code report} share: draw every figure of a run or experiment folder, then report. */
abstract class FigureCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "a run folder or an experiment folder")
    Path dir;

    @Mixin
    PlotOptions plotOptions;

    @Mixin
    BackendOptions backendOptions;

    @Mixin
    TerminalOptions terminal;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PlotOptions.checkFolder(dir);
        if (writesIndex()) AtomicFiles.requireReplaceable(dir.resolve(HtmlReport.INDEX));   // before any figure is drawn
        try (Backend backend = backendOptions.select(terminal.progress(spec)).backend()) {
            report(FigureCatalogue.plot(dir, backend, plotOptions.options()), out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Whether the command writes DIR/index.html after the figures. */
    boolean writesIndex() {
        return true;
    }

    /** Says what was written, after the figures are drawn. */
    abstract void report(FigureCatalogue.Plotted plotted, PrintWriter out) throws Exception;
}
