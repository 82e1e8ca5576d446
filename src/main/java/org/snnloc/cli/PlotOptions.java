package org.snnloc.cli;

import org.snnloc.plot.FigureCatalogue;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** Options of {@code plot} and {@code report}. */
final class PlotOptions {
    @Option(names = "--runs", paramLabel = "WHICH", defaultValue = "default",
            description = "runs of an experiment folder that get their own figures: default (the baseline and the first repeat of "
                    + "each constraint condition; for a sweep alone its r = 0.5 run), all, none, or names separated by commas")
    String runs;

    @Option(names = "--sample-ipd", paramLabel = "DEG", defaultValue = "52.5",
            description = "IPD of the single-sample figure, in degrees (default: ${DEFAULT-VALUE}, the middle of a class)")
    double sampleIpd;

    FigureCatalogue.Options options() {
        if (!(Math.abs(sampleIpd) <= 90)) throw new InvalidInputException("--sample-ipd must be within [-90, 90] degrees, got " + sampleIpd);
        return new FigureCatalogue.Options(runs, sampleIpd);
    }

    static void checkFolder(Path dir) {
        if (!Files.isDirectory(dir)) throw new InvalidInputException(dir + " is not a folder");
    }
}
