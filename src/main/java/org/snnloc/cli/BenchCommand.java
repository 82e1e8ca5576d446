package org.snnloc.cli;

import org.snnloc.backend.Backend;
import org.snnloc.backend.BackendProvider;
import org.snnloc.backend.BackendSelector;
import org.snnloc.backend.simd.SimdProvider;
import org.snnloc.benchmark.BackendBenchmark;
import org.snnloc.benchmark.BenchSettings;
import org.snnloc.benchmark.BenchSize;
import org.snnloc.benchmark.Measurement;
import org.snnloc.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code snnloc bench}: times every usable backend on the notebook's network at several sizes. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time every usable backend: a training step and inference of one batch.",
                "A training step is forward, backward through time and Adam on the notebook's network. Prints ms per batch "
                        + "(the median of the timed batches), samples/s, effective GFLOP/s (the dense work of the notebook's "
                        + "formulation / time) and the speed-up over scalar, and writes bench.json."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--sizes", paramLabel = "BxH,...", defaultValue = BenchSize.DEFAULTS,
            description = "batch x hidden sizes (default: ${DEFAULT-VALUE})")
    String sizes;

    @Option(names = "--backend", paramLabel = "NAME", split = ",",
            description = "backends to time (default: every usable one)")
    List<String> backends = new ArrayList<>();

    @Option(names = "--batches", paramLabel = "N", defaultValue = "30", description = "timed batches per measurement (default: ${DEFAULT-VALUE})")
    int batches;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "20", description = "untimed batches first (default: ${DEFAULT-VALUE})")
    int warmupBatches;

    @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "6",
            description = "... and at least this long, so the JIT has compiled the kernels (default: ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(names = "--max-seconds", paramLabel = "S", defaultValue = "20",
            description = "time cap of one measurement, warm-up included (default: ${DEFAULT-VALUE})")
    double maxSeconds;

    @Option(names = "--threads", paramLabel = "N", description = "threads per engine (default: all ${sys:snnloc.cores} cores)")
    Integer threads;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "bench.json", description = "results as JSON (default: ${DEFAULT-VALUE}; an existing file only with --force)")
    Path out;

    @Option(names = "--force", description = "replace --out if it exists")
    boolean force;

    @Mixin
    TerminalOptions terminal;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = terminal.progress(spec);
        List<BenchSize> sizeList;
        BenchSettings settings;
        try {
            sizeList = BenchSize.parseList(sizes);
            settings = new BenchSettings(batches, warmupBatches, warmupSeconds, maxSeconds,
                    threads == null ? Runtime.getRuntime().availableProcessors() : threads);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        new OutputFiles(force).output("--out", out);
        List<BackendProvider> chosen = chooseProviders(err);
        List<Measurement> results = new ArrayList<>();
        Map<String, String> descriptions = new LinkedHashMap<>();
        for (BackendProvider provider : chosen) {
            try (Backend backend = provider.create()) {
                descriptions.put(backend.name(), backend.description());
                for (BenchSize size : sizeList) {
                    err.printf("timing %s at batch %d, hidden %d...%n", backend.name(), size.batch(), size.hidden());
                    err.flush();
                    results.addAll(BackendBenchmark.measure(backend, size, settings));
                }
            }
        }
        printTable(stdout, results);
        Json.write(out, report(results, descriptions, settings));
        stdout.printf("wrote %s%n", out);
        stdout.flush();
        return ExitCodes.OK;
    }

    /** The usable providers, all or those named; a named one that is unusable is an error. */
    private List<BackendProvider> chooseProviders(PrintWriter err) {
        BackendSelector selector = BackendSelector.standard();
        List<BackendProvider> chosen = new ArrayList<>();
        for (String name : backends) {
            if (selector.providers().stream().noneMatch(p -> p.name().equals(name.toLowerCase(Locale.ROOT)))) {
                throw new InvalidInputException("unknown backend '" + name + "'; choose among "
                        + String.join(", ", selector.providers().stream().map(BackendProvider::name).toList()));
            }
        }
        for (BackendProvider provider : selector.providers()) {
            boolean wanted = backends.isEmpty() || backends.stream().anyMatch(n -> n.equalsIgnoreCase(provider.name()));
            if (!wanted) continue;
            BackendProvider.Availability availability = provider.probe();
            if (availability.usable()) {
                chosen.add(provider);
            } else if (backends.isEmpty()) {
                err.printf("note: %s not timed: %s%n", provider.name(), availability.detail());
            } else {
                throw new InvalidInputException("backend '" + provider.name() + "' is not usable: " + availability.detail());
            }
        }
        return chosen;
    }

    private static void printTable(PrintWriter out, List<Measurement> results) {
        out.printf("%-8s %-10s %-14s %10s %12s %10s %10s%n", "backend", "batch x H", "workload", "ms/batch", "samples/s", "GFLOP/s", "vs scalar");
        for (Measurement m : results) {
            Double speedUp = speedUpOverScalar(m, results);
            out.printf(Locale.ROOT, "%-8s %-10s %-14s %10.3f %12.0f %10.1f %10s%n", m.backend(), m.size(), m.kind().label(), m.medianMs(),
                    m.samplesPerSecond(), m.effectiveGflops(), speedUp == null ? "-" : String.format(Locale.ROOT, "%.1fx", speedUp));
        }
    }

    /** The scalar time of the same workload divided by this one, or null without a scalar measurement. */
    private static Double speedUpOverScalar(Measurement m, List<Measurement> results) {
        for (Measurement s : results) {
            if (s.backend().equals("scalar") && s.size().equals(m.size()) && s.kind() == m.kind()) return s.medianMs() / m.medianMs();
        }
        return null;
    }

    private static Map<String, Object> report(List<Measurement> results, Map<String, String> descriptions, BenchSettings settings) {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("java", Runtime.version().toString());
        machine.put("vm", System.getProperty("java.vm.name") + ", " + System.getProperty("java.vm.info"));
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        machine.put("vector_api", SimdProvider.vectorSupport());
        Map<String, Object> how = new LinkedHashMap<>();
        how.put("threads", settings.threads());
        how.put("timed_batches", settings.batches());
        how.put("warmup_batches", settings.warmupBatches());
        how.put("warmup_seconds", settings.warmupSeconds());
        how.put("max_seconds", settings.maxSeconds());
        how.put("network", "notebook: 200 inputs, 100 steps, 12 classes, Dale's law 50% in both layers");
        how.put("gflops", "dense work of the notebook's formulation (x W1, x^T dh1, s W2, s^T dh2, dh2 W2^T) / median time");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Measurement m : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("backend", m.backend());
            row.put("description", descriptions.get(m.backend()));
            row.put("batch", m.size().batch());
            row.put("hidden", m.size().hidden());
            row.put("workload", m.kind().label());
            row.put("ms_per_batch_median", m.medianMs());
            row.put("ms_per_batch_min", m.minMs());
            row.put("ms_per_batch_mean", m.meanMs());
            row.put("batches_timed", m.batchesTimed());
            row.put("samples_per_second", m.samplesPerSecond());
            row.put("effective_gflops", m.effectiveGflops());
            row.put("speedup_over_scalar", speedUpOverScalar(m, results));
            rows.add(row);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", machine);
        report.put("settings", how);
        report.put("results", rows);
        return report;
    }
}
