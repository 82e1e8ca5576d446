package org.snnloc.plot;

import com.fasterxml.jackson.databind.JsonNode;
import org.snnloc.backend.Backend;
import org.snnloc.experiment.ExperimentFolder;
import org.snnloc.experiment.ResultTables;
import org.snnloc.experiment.RunResult;
import org.snnloc.experiment.Seeds;
import org.snnloc.io.AtomicFiles;
import org.snnloc.io.Json;
import org.snnloc.stimulus.IpdStimulus;
import org.snnloc.stimulus.SpikeDataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every figure snnloc draws, and where it goes. A run folder gets the notebook's analysis figures
 * in {@code figures/}; an experiment folder gets the sweep and constraints figures in its own
 * {@code figures/} and the analysis figures of some of its runs in theirs.
 */
public final class FigureCatalogue {
    public static final String FIGURES = "figures";

    /** The figures, with the file name, a title and a caption for the report. */
    public enum Kind {
        STIMULUS_EXAMPLES("stimulus_examples", "Input spike trains",
                "Spikes of the input fibres (the left ear first, then the right; the notebook has 100 per ear) for 8 IPDs from -90 to 90 degrees "
                        + "(notebook: show_examples). The IPD shifts the right ear's phase against the left's."),
        LOSS_CURVES("loss_curves", "Loss during training",
                "Mean training loss and validation loss per epoch; the dashed line marks the epoch whose weights were kept."),
        ACCURACY("accuracy", "Test accuracy",
                "Histograms of true and estimated IPDs on the run's test set, and the confusion matrix with each true-IPD "
                        + "column normalised (notebook: report_accuracy)."),
        WEIGHTS("weights", "Weight matrices",
                "Effective weights W1 (input to hidden) and W2 (hidden to output) on a colour map centred on 0: red excitatory, "
                        + "blue inhibitory (notebook: plot_weight_mats)."),
        WEIGHTS_SORTED("weights_sorted", "Weights sorted by preferred delay",
                "W1 and W2 with the hidden neurons sorted by their weighted mean preferred delay, and the product W1 W2 "
                        + "(notebook: plot_weight_mats_sorted). Neurons whose largest W1 weight is below 0.5 are placed last."),
        HIDDEN_TUNING("hidden_tuning", "W1 weights of strong hidden neurons",
                "For each hidden neuron with a W1 weight of magnitude above 0.5 (at most 15), its weights from the left and the "
                        + "right ear against the fibres' phase delay (notebook: plot_weight_mats_sorted, second figure)."),
        SINGLE_SAMPLE("single_sample", "One sample through the network",
                "Input spikes, hidden spikes, output membrane potentials coloured by their class's IPD, and their running sums "
                        + "for one stimulus (notebook: plot_single_run). The readout is proportional to the final sum."),
        CONSTRAINTS("constraints", "Where inhibition is needed",
                "Test accuracy with both layers mixed (+/-), W1 all excitatory (W1+) and W2 all excitatory (W2+); one dot per "
                        + "run, the bar is the mean.");

        public final String file;
        public final String title;
        public final String caption;

        Kind(String file, String title, String caption) {
            this.file = file;
            this.title = title;
            this.caption = caption;
        }
    }

    /** A figure written as {@code png} and {@code svg}, with its title and caption for the report. */
    public record FigureFile(String title, String caption, Path png, Path svg) {}

    /** The figures of one run folder. */
    public record RunFigureSet(String run, Path folder, List<FigureFile> figures) {}

    /** Everything one plot command wrote: experiment-level figures (none for a run folder) and run figures. */
    public record Plotted(List<FigureFile> experiment, List<RunFigureSet> runs) {
        public List<FigureFile> all() {
            List<FigureFile> out = new ArrayList<>(experiment);
            for (RunFigureSet r : runs) out.addAll(r.figures());
            return out;
        }
    }

    /**
     * Which runs of an experiment get their analysis figures: {@code default} (the baseline, the
     * first repeat of each constraint condition, and for a sweep alone its first r = 0.5 run),
     * {@code all}, {@code none}, or a comma-separated list of run names.
     *
     * @param runs            the selection
     * @param sampleIpdDegrees IPD of the single-sample figure
     */
    public record Options(String runs, double sampleIpdDegrees) {
        public static final double DEFAULT_SAMPLE_IPD = 52.5;   // the middle of a class, so the right answer is unambiguous

        public Options {
            if (!(Math.abs(sampleIpdDegrees) <= 90)) throw new IllegalArgumentException("the sample IPD must be within [-90, 90] degrees, got " + sampleIpdDegrees);
        }

        public static Options defaults() {
            return new Options("default", DEFAULT_SAMPLE_IPD);
        }
    }

    private FigureCatalogue() {}

    /** Plots a run folder or an experiment folder, whichever {@code dir} is. */
    public static Plotted plot(Path dir, Backend backend, Options options) throws IOException {
        if (RunData.isRunFolder(dir)) {
            RunData run = RunData.read(dir);
            List<Drawn> figures = runFigures(run, backend, options);
            writeAll(figures);
            return new Plotted(List.of(), List.of(new RunFigureSet(run.name(), dir, files(figures))));
        }
        if (isExperimentFolder(dir)) return plotExperiment(dir, backend, options);
        throw new IllegalArgumentException(dir + " is neither a run folder (model.npz, config.json, metrics.json) nor an "
                + "experiment folder (experiment.json, runs.csv)");
    }

    public static boolean isExperimentFolder(Path dir) {
        return Files.isRegularFile(dir.resolve(ResultTables.RUNS_CSV));
    }

    /** A figure laid out and waiting to be written to {@code dir} as {@code file}.png and .svg. */
    private record Drawn(String file, String title, String caption, Figure figure, Path dir) {
        Drawn(Kind kind, Figure figure, Path dir) {
            this(kind.file, kind.title, kind.caption, figure, dir);
        }

        FigureFile output() {
            return new FigureFile(title, caption, dir.resolve(file + ".png"), dir.resolve(file + ".svg"));
        }
    }

    /** The analysis figures of one run; the computations (test scores, one traced sample) run on {@code backend}. */
    private static List<Drawn> runFigures(RunData run, Backend backend, Options options) {
        Path out = run.folder().resolve(FIGURES);
        int fibres = run.stimulus().fibresPerEar(), classes = run.stimulus().classes();
        double dtMs = run.stimulus().dtSeconds() * 1e3;
        List<Drawn> figures = new ArrayList<>();
        double[] ipds = new double[8];
        for (int i = 0; i < ipds.length; i++) ipds[i] = -Math.PI / 2 + i * Math.PI / (ipds.length - 1);
        SpikeDataset examples = new IpdStimulus(run.stimulus()).generate(ipds, Seeds.derive(run.testSeed(), "stimulus examples"));
        figures.add(new Drawn(Kind.STIMULUS_EXAMPLES, RunFigures.stimulusExamples(RunAnalysis.rasters(examples), ipds, dtMs, fibres), out));
        figures.add(new Drawn(Kind.LOSS_CURVES, RunFigures.lossCurves(run.history(), run.keptEpoch(), run.earlyStopped(), run.name()), out));
        figures.add(new Drawn(Kind.ACCURACY, RunFigures.accuracy(RunAnalysis.testMetrics(run, backend), classes, "Test"), out));
        figures.add(new Drawn(Kind.WEIGHTS, WeightFigures.weights(run.parameters(), fibres), out));
        figures.add(new Drawn(Kind.WEIGHTS_SORTED, WeightFigures.sortedWeights(run.parameters(), fibres), out));
        figures.add(new Drawn(Kind.HIDDEN_TUNING, WeightFigures.tuning(run.parameters(), fibres, run.stimulus().maxPhaseDelay()), out));
        RunAnalysis.SampleTrace sample = RunAnalysis.sample(run, backend, Math.toRadians(options.sampleIpdDegrees()));
        figures.add(new Drawn(Kind.SINGLE_SAMPLE, SingleSampleFigure.of(sample, classes, dtMs, fibres), out));
        return figures;
    }

    static Plotted plotExperiment(Path dir, Backend backend, Options options) throws IOException {
        List<RunResult> runs = ResultTables.readRuns(dir.resolve(ResultTables.RUNS_CSV));
        double chance = 100.0 / classes(dir);
        Path out = dir.resolve(FIGURES);
        List<Drawn> experiment = new ArrayList<>();
        List<RunResult> sweep = runs.stream().filter(r -> r.experiment().equals("sweep")).toList();
        List<RunResult> constraints = runs.stream().filter(r -> r.experiment().equals("constraints")).toList();
        experiment.addAll(sweepFigures(sweep, chance, out));
        if (!constraints.isEmpty()) experiment.add(new Drawn(Kind.CONSTRAINTS, ExperimentFigures.constraints(constraints, chance), out));
        List<Drawn> all = new ArrayList<>(experiment);
        List<RunFigureSet> runFigures = new ArrayList<>();
        for (String name : selectRuns(runs, options.runs())) {
            Path folder = dir.resolve(ExperimentFolder.RUNS).resolve(name);
            List<Drawn> figures = runFigures(RunData.read(folder), backend, options);
            all.addAll(figures);
            runFigures.add(new RunFigureSet(name, folder, files(figures)));
        }
        writeAll(all);
        return new Plotted(files(experiment), runFigures);
    }

    /**
     * A sweep's figures: accuracy against each numeric key (one line per value of the next key when
     * there are two or more), a heat map of the means when exactly two keys vary, and a strip plot
     * for each categorical key.
     */
    private static List<Drawn> sweepFigures(List<RunResult> sweep, double chance, Path out) {
        List<Drawn> figures = new ArrayList<>();
        if (sweep.isEmpty()) return figures;
        List<String> keys = ResultTables.keys(sweep);
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            boolean numeric = sweep.stream().allMatch(r -> r.values().get(key) instanceof Number);
            String file = "sweep_" + key.replaceAll("[^A-Za-z0-9]", "_");
            if (numeric) {
                String series = keys.size() >= 2 ? keys.get((i + 1) % keys.size()) : null;
                figures.add(new Drawn(file, "Accuracy against " + key,
                        "Mean test accuracy against " + key + (series == null ? ", with the training mean" : ", one line per value of " + series)
                                + (keys.size() > 2 ? " (pooled over the other keys)" : "") + "; the band is the mean plus or minus one standard "
                                + "deviation over runs (population std), the dots are single runs, the dashed line chance.",
                        ExperimentFigures.numeric(sweep, key, series, chance), out));
            } else {
                figures.add(new Drawn(file, "Test accuracy for each " + key,
                        "Test accuracy of every run for each value of " + key + (keys.size() > 1 ? " (pooled over the other keys)" : "")
                                + "; the bar is the mean.", ExperimentFigures.strip(sweep, key, chance), out));
            }
        }
        if (keys.size() == 2) {
            figures.add(new Drawn("sweep_heatmap", "Mean test accuracy of the grid",
                    "Mean test accuracy over the repeats of each grid point, " + keys.get(0) + " across, " + keys.get(1) + " up; the colour "
                            + "runs from chance to 100%.", ExperimentFigures.heatmap(sweep, keys.get(0), keys.get(1), chance), out));
        }
        return figures;
    }

    /** Renders and writes the figures on all cores: each figure is independent, and encoding PNGs dominates. */
    private static void writeAll(List<Drawn> figures) throws IOException {
        // what a killed earlier command left half-written (older than any figure write now takes)
        for (Path dir : figures.stream().map(Drawn::dir).distinct().toList()) AtomicFiles.removeStale(dir, 10);
        for (Drawn d : figures) {   // every target checked before the first is written, so a refusal changes nothing
            for (String ext : List.of(".png", ".svg")) AtomicFiles.requireReplaceable(d.dir().resolve(d.file() + ext));
        }
        try {
            figures.parallelStream().forEach(d -> {
                try {
                    FigureWriter.write(d.figure(), d.dir(), d.file());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static List<FigureFile> files(List<Drawn> figures) {
        return figures.stream().map(Drawn::output).toList();
    }

    /** The run names a selection means, in runs.csv order. */
    static List<String> selectRuns(List<RunResult> runs, String selection) {
        Set<String> names = new LinkedHashSet<>();
        switch (selection.trim()) {
            case "none" -> { }
            case "all" -> runs.forEach(r -> names.add(r.run()));
            case "default" -> {
                for (RunResult r : runs) {
                    if (r.repeat() == 1 && (r.experiment().equals("baseline") || r.experiment().equals("constraints"))) names.add(r.run());
                }
                if (names.isEmpty()) {
                    // a sweep alone: its first run nearest the notebook's ratio, or its first run
                    runs.stream().filter(r -> r.repeat() == 1)
                            .min(java.util.Comparator.comparingDouble(r -> r.values().get("ie-ratio") instanceof Number n
                                    ? Math.abs(n.doubleValue() - 0.5) : 1))
                            .ifPresent(r -> names.add(r.run()));
                }
            }
            default -> {
                Set<String> known = new LinkedHashSet<>();
                runs.forEach(r -> known.add(r.run()));
                for (String name : selection.split(",")) {
                    String n = name.trim();
                    if (!known.contains(n)) throw new IllegalArgumentException("--runs: no finished run named '" + n + "' (runs.csv lists "
                            + (known.size() > 6 ? String.join(", ", List.copyOf(known).subList(0, 6)) + ", ..." : String.join(", ", known)) + ")");
                    names.add(n);
                }
            }
        }
        return List.copyOf(names);
    }

    private static int classes(Path dir) {
        try {
            JsonNode definition = Json.read(dir.resolve(ExperimentFolder.DEFINITION));
            return definition.path("run_settings").path("network").path("classes").asInt(12);
        } catch (IOException e) {
            return 12;
        }
    }
}
