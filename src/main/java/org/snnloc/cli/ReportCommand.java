package org.snnloc.cli;

import org.snnloc.plot.FigureCatalogue;
import org.snnloc.plot.HtmlReport;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code snnloc report DIR}: figures and an index.html with the tables. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Draw the figures and write index.html with the tables.",
        description = {"Draw the figures of a run or an experiment folder (as 'snnloc plot') and write DIR/index.html: one self-contained "
                + "page with the figures, the summary and runs tables and each plotted run's metrics."})
final class ReportCommand extends FigureCommand {
    @Override
    void report(FigureCatalogue.Plotted plotted, PrintWriter out) throws IOException {
        Path index = HtmlReport.write(dir, plotted);
        out.printf("report: %s (%d figures)%n", index, plotted.all().size());
    }
}
