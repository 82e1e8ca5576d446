package org.snnloc.cli;

import org.snnloc.backend.Backend;
import org.snnloc.plot.FigureCatalogue;
import org.snnloc.plot.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code snnloc report DIR}: figures and an index.html with the tables. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Draw the figures and write index.html with the tables.",
        description = {"Draw the figures of a run or an experiment folder (as 'snnloc plot') and write DIR/index.html: one self-contained "
                + "page with the figures, the summary and runs tables and each plotted run's metrics."})
final class ReportCommand implements Callable<Integer>, ExitCodes.Verbosity {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "a run folder or an experiment folder")
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
            Path index = HtmlReport.write(dir, plotted);
            out.printf("report: %s (%d figures)%n", index, plotted.all().size());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
