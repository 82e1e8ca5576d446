package org.snnloc.plot;

import com.fasterxml.jackson.databind.JsonNode;
import org.snnloc.experiment.ExperimentFolder;
import org.snnloc.experiment.ResultTables;
import org.snnloc.experiment.RunResult;
import org.snnloc.experiment.Summary;
import org.snnloc.io.AtomicFiles;
import org.snnloc.experiment.RunConfig;
import org.snnloc.io.Json;
import org.snnloc.io.RunFolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code index.html}: the figures with their captions and the tables (summary, runs, metrics) of
 * a run or experiment folder, in one self-contained page: inline style, no scripts, nothing
 * fetched from the network, figures linked by relative paths.
 */
public final class HtmlReport {
    public static final String INDEX = "index.html";

    /** The notebook's own results (docs/results.md), shown beside ours for comparison. */
    static final Map<String, String> NOTEBOOK_TEST_ACCURACY = Map.of(
            "baseline", "79.8 (one run)",
            "constraints/+/-", "71.2 (65.3, 73.7, 74.5)",
            "constraints/W1+", "49.5 (44.5, 54.2, 49.7)",
            "constraints/W2+", "68.7 (63.0, 72.8, 70.3)");

    private HtmlReport() {}

    /** Writes {@code dir/index.html} for what {@link FigureCatalogue#plot} drew in {@code dir}; returns its path. */
    public static Path write(Path dir, FigureCatalogue.Plotted plotted) throws IOException {
        StringBuilder html = new StringBuilder();
        boolean experiment = FigureCatalogue.isExperimentFolder(dir) && !RunData.isRunFolder(dir);
        String name = dir.toAbsolutePath().normalize().getFileName().toString();
        head(html, "snnloc report: " + name);
        html.append("<h1>snnloc report: ").append(esc(name)).append("</h1>\n");
        if (experiment) experimentSections(html, dir, plotted);
        else runSections(html, dir, plotted.runs().getFirst(), true);
        html.append("</body>\n</html>\n");
        Path index = dir.resolve(INDEX);
        AtomicFiles.writeString(index, html.toString());
        return index;
    }

    private static void experimentSections(StringBuilder html, Path dir, FigureCatalogue.Plotted plotted) throws IOException {
        List<RunResult> runs = ResultTables.readRuns(dir.resolve(ResultTables.RUNS_CSV));
        JsonNode definition = readOptional(dir.resolve(ExperimentFolder.DEFINITION));
        int planned = definition == null ? runs.size() : definition.path("runs").size();
        Summary summary = Summary.of(runs, planned);
        html.append("<p>").append(describe(definition, runs, planned)).append("</p>\n");

        html.append("<h2 id=\"summary\">Summary</h2>\n<p>Accuracies in percent, mean \u00b1 standard deviation over the runs of each "
                + "condition (population standard deviation, as the notebook). Chance is ").append(fmt(100.0 / classes(definition)))
                .append("%.</p>\n");
        html.append("<table>\n<tr><th>Experiment</th><th>Condition</th><th>Runs</th><th>Train accuracy</th><th>Test accuracy</th>"
                + "<th>Test error (deg)</th><th>Epochs</th><th>Notebook's test accuracy</th></tr>\n");
        for (Summary.Condition c : summary.conditions()) {
            String notebook = NOTEBOOK_TEST_ACCURACY.getOrDefault(c.experiment().equals("baseline") ? "baseline"
                    : c.experiment() + "/" + c.condition(), "");
            html.append("<tr><td>").append(esc(c.experiment())).append("</td><td>").append(esc(c.condition())).append("</td><td>")
                    .append(c.runs()).append("</td><td>").append(stat(c.trainAccuracy())).append("</td><td>").append(stat(c.testAccuracy()))
                    .append("</td><td>").append(stat(c.testMaeDeg())).append("</td><td>").append(fmt(c.epochsRun().mean()))
                    .append("</td><td>").append(esc(notebook)).append("</td></tr>\n");
        }
        html.append("</table>\n");
        if (runs.stream().anyMatch(r -> r.experiment().equals("sweep"))) {
            html.append("<p class=\"note\">The notebook's sweep: \"40-60% inhibitory is best\"; at 100% inhibitory a network "
                    + "cannot excite anything and stays at chance.</p>\n");
        }

        if (!plotted.experiment().isEmpty()) {
            html.append("<h2 id=\"experiment-figures\">Experiment figures</h2>\n");
            for (FigureCatalogue.FigureFile f : plotted.experiment()) figure(html, dir, f);
        }

        html.append("<h2 id=\"runs\">Runs</h2>\n<p>From <a href=\"").append(ResultTables.RUNS_CSV).append("\">")
                .append(ResultTables.RUNS_CSV).append("</a>; the run folders are under <code>").append(ExperimentFolder.RUNS)
                .append("/</code>.</p>\n");
        Set<String> plottedRuns = plotted.runs().stream().map(FigureCatalogue.RunFigureSet::run).collect(Collectors.toSet());
        html.append("<table>\n<tr><th>Run</th><th>Experiment</th><th>Condition</th><th>Repeat</th><th>Seed</th><th>Epochs</th>"
                + "<th>Early stop</th><th>Train accuracy</th><th>Test accuracy</th><th>Test error (deg)</th><th>Seconds</th><th>Backend</th></tr>\n");
        for (RunResult r : runs) {
            String link = plottedRuns.contains(r.run()) ? "#run-" + r.run() : ExperimentFolder.RUNS + "/" + r.run() + "/";
            html.append("<tr><td><a href=\"").append(esc(link)).append("\">").append(esc(r.run())).append("</a></td><td>")
                    .append(esc(r.experiment())).append("</td><td>").append(esc(r.condition())).append("</td><td>").append(r.repeat())
                    .append("</td><td>").append(r.seed()).append("</td><td>").append(r.epochsRun()).append("</td><td>")
                    .append(r.earlyStopped() ? "yes" : "no").append("</td><td>").append(fmt(r.trainAccuracy())).append("</td><td>")
                    .append(fmt(r.testAccuracy())).append("</td><td>").append(fmt(r.testMaeDeg())).append("</td><td>")
                    .append(fmt(r.seconds())).append("</td><td>").append(esc(r.backend())).append("</td></tr>\n");
        }
        html.append("</table>\n");

        for (FigureCatalogue.RunFigureSet set : plotted.runs()) runSections(html, dir, set, false);

        if (definition != null) {
            html.append("<h2 id=\"settings\">Settings</h2>\n<p>From <a href=\"").append(ExperimentFolder.DEFINITION).append("\">")
                    .append(ExperimentFolder.DEFINITION).append("</a>; every run's own config.json lists its seeds.</p>\n<pre>")
                    .append(esc(Json.toString(definition))).append("</pre>\n");
        }
    }

    /** A run's metrics table and figures; for a run folder on its own also its configuration. */
    private static void runSections(StringBuilder html, Path dir, FigureCatalogue.RunFigureSet set, boolean alone) throws IOException {
        JsonNode metrics = readOptional(set.folder().resolve(RunFolder.METRICS));
        JsonNode config = readOptional(set.folder().resolve(RunFolder.CONFIG));
        html.append("<h2 id=\"run-").append(esc(set.run())).append("\">Run ").append(esc(set.run())).append("</h2>\n");
        if (metrics != null) {
            Map<String, String> rows = new LinkedHashMap<>();
            rows.put("Train accuracy (%)", fmt(metrics.path("train_accuracy").asDouble()));
            rows.put("Test accuracy (%)", fmt(metrics.path("test_accuracy").asDouble()));
            rows.put("Test mean absolute error (deg)", fmt(metrics.path("test_mae_deg").asDouble()));
            rows.put("Epochs run", metrics.path("epochs_run").asText());
            rows.put("Stopped early", metrics.path("early_stopped").asBoolean() ? "yes" : "no");
            rows.put("Kept weights", metrics.path("kept_weights").asText() + " (epoch " + metrics.path("kept_epoch").asText() + ")");
            RunConfig run = readRunConfig(set.folder().resolve(RunFolder.CONFIG));
            if (run != null && run.run() != null) {
                rows.put("W1 / W2 signs", run.run().layer1().describe() + " / " + run.run().layer2().describe());
                rows.put("Backend", run.backend());
                rows.put("Seed", String.valueOf(run.run().seeds().seed()));
            }
            rows.put("Wall time (s)", fmt(metrics.path("wall_seconds").asDouble()));
            html.append("<table class=\"metrics\">\n");
            rows.forEach((k, v) -> html.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n"));
            html.append("</table>\n");
        }
        for (FigureCatalogue.FigureFile f : set.figures()) figure(html, dir, f);
        if (alone && config != null) {
            html.append("<h2 id=\"settings\">Settings</h2>\n<p>From <a href=\"").append(RunFolder.CONFIG).append("\">")
                    .append(RunFolder.CONFIG).append("</a>.</p>\n<pre>").append(esc(Json.toString(config))).append("</pre>\n");
        }
    }

    private static void figure(StringBuilder html, Path dir, FigureCatalogue.FigureFile f) {
        String png = relative(dir, f.png()), svg = relative(dir, f.svg());
        html.append("<figure>\n<a href=\"").append(esc(png)).append("\"><img src=\"").append(esc(png)).append("\" alt=\"")
                .append(esc(f.title())).append("\"></a>\n<figcaption><b>").append(esc(f.title())).append(".</b> ")
                .append(esc(f.caption())).append(" (<a href=\"").append(esc(svg)).append("\">SVG</a>)</figcaption>\n</figure>\n");
    }

    private static String describe(JsonNode definition, List<RunResult> runs, int planned) {
        StringBuilder s = new StringBuilder();
        if (definition != null) {
            JsonNode settings = definition.path("run_settings");
            JsonNode training = settings.path("training");
            JsonNode network = settings.path("network");
            s.append("Command <code>snnloc ").append(esc(definition.path("kind").asText())).append("</code>, seed ")
                    .append(definition.path("seed").asText()).append(". ")
                    .append(network.path("hidden").asText()).append(" hidden neurons, up to ").append(training.path("epochs").asText())
                    .append(" epochs, ").append(settings.path("train_samples").asText()).append(" training / ")
                    .append(settings.path("validation_samples").asText()).append(" validation / ")
                    .append(settings.path("test_samples").asText()).append(" test samples, learning rate ")
                    .append(settings.path("adam").path("learning_rate").asText()).append(". ");
        }
        s.append(runs.size()).append(" of ").append(planned).append(" runs finished");
        if (runs.size() < planned) s.append(" (run the same command again on this folder to finish the rest)");
        double seconds = runs.stream().mapToDouble(RunResult::seconds).sum();
        String backends = runs.stream().map(RunResult::backend).distinct().collect(Collectors.joining(", "));
        s.append("; ").append(fmt(seconds)).append(" s of training in all").append(backends.isEmpty() ? "" : ", on " + esc(backends)).append('.');
        return s.toString();
    }

    /** A run folder's config.json as its record, or null when it is missing or not one. */
    private static RunConfig readRunConfig(Path file) {
        try {
            return Files.isRegularFile(file) ? RunConfig.read(file) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static int classes(JsonNode definition) {
        return definition == null ? 12 : definition.path("run_settings").path("network").path("classes").asInt(12);
    }

    private static void head(StringBuilder html, String title) {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(esc(title))
                .append("</title>\n<style>\n")
                .append("body { font-family: 'DejaVu Sans', Helvetica, Arial, sans-serif; max-width: 1100px; margin: 2em auto; "
                        + "padding: 0 1em; color: #222; line-height: 1.45; }\n")
                .append("table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }\n")
                .append("th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }\n")
                .append("th { background: #f3f3f3; }\n")
                .append("figure { margin: 1.5em 0; }\nfigure img { max-width: 100%; border: 1px solid #eee; }\n")
                .append("figcaption { font-size: 0.9em; color: #444; }\n")
                .append("pre { background: #f7f7f7; padding: 0.8em; overflow-x: auto; font-size: 0.8em; }\n")
                .append(".note { font-size: 0.9em; color: #555; }\n")
                .append("</style>\n</head>\n<body>\n");
    }

    private static String stat(Summary.Stat s) {
        return fmt(s.mean()) + " \u00b1 " + fmt(s.std());
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String relative(Path dir, Path file) {
        return dir.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    private static JsonNode readOptional(Path file) throws IOException {
        return Files.isRegularFile(file) ? Json.read(file) : null;
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
