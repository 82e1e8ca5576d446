package org.snnloc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snnloc.io.DataFile;
import org.snnloc.io.Json;
import org.snnloc.io.ModelFile;
import org.snnloc.io.Npz;
import org.snnloc.io.RunFolder;
import org.snnloc.stimulus.SpikeDataset;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    @TempDir
    Path dir;

    /** Exit code, stdout and stderr of one command. */
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static final String[] TINY = {"--epochs", "1", "--batch-size", "16", "--train-batches", "4",
            "--validation-samples", "32", "--test-batches", "2", "--hidden", "8", "--backend", "scalar", "--threads", "1"};

    private static String[] tiny(String... more) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(List.of(TINY));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void trainWritesACompleteRunFolder() throws IOException {
        Path out = dir.resolve("run");
        Result r = run(tiny("--out", out.toString(), "--seed", "3"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("test accuracy"), r.out());
        assertTrue(r.err().contains("epoch   1/1"), "one progress line per epoch on stderr: " + r.err());
        for (String f : new String[] {"model.npz", "config.json", "history.csv", "metrics.json"}) assertTrue(Files.isRegularFile(out.resolve(f)), f);
        JsonNode config = Json.read(out.resolve("config.json"));
        assertEquals(8, config.at("/run/network/hidden").asInt());
        assertEquals("dale", config.at("/run/layer1/kind").asText());
        assertEquals(0.5, config.at("/run/layer1/inhibitory_ratio").asDouble());
        assertEquals(3, config.at("/run/seeds/seed").asLong());
        assertEquals("scalar", config.get("backend").asText());
        assertTrue(config.get("java").asText().startsWith("25"));
        JsonNode metrics = Json.read(out.resolve("metrics.json"));
        assertEquals(1, metrics.get("epochs_run").asInt());
        assertEquals("best", metrics.get("kept_weights").asText());
        assertEquals(12, metrics.get("test_confusion_counts").size());
        List<String> history = Files.readAllLines(out.resolve("history.csv"));
        assertEquals("epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds", history.get(0));
        assertEquals(2, history.size());
        var epoch = RunFolder.readHistory(out.resolve("history.csv")).get(0);
        assertEquals(0, epoch.validationAccuracy() * 32 / 100 % 1, 1e-9, "a whole number of the 32 validation samples: " + epoch.validationAccuracy());
        assertEquals(0, epoch.trainAccuracy() * 64 / 100 % 1, 1e-9, "a whole number of the 4 x 16 training samples: " + epoch.trainAccuracy());
        assertTrue(ModelFile.read(out.resolve("model.npz")).respectsDale());
        assertEquals(List.of(out.getFileName()), listing(dir), "no temporary files left beside the run");
    }

    @Test
    void layerOptionsReachTheModel() throws IOException {
        Path out = dir.resolve("w1plus");
        assertEquals(0, run(tiny("--out", out.toString(), "--excitatory-only", "w1", "--ie-ratio-w2", "0.2")).code());
        var p = ModelFile.read(out.resolve("model.npz"));
        for (float s : p.sign1()) assertEquals(1f, s);
        assertEquals(1, org.snnloc.model.DaleMask.countInhibitory(p.sign2()));  // int(8 * 0.2)
        Path free = dir.resolve("free");
        assertEquals(0, run(tiny("--out", free.toString(), "--no-dale")).code());
        assertFalse(Npz.read(free.resolve("model.npz")).containsKey("sign1"));
    }

    @Test
    void neuronOptionsReachTheRunDescriptionAndTheModel() throws IOException {
        Path out = dir.resolve("atan");
        Result r = run(tiny("--out", out.toString(), "--surrogate", "atan:3", "--tau-ms-hidden", "4", "--tau-ms-output", "9",
                "--threshold", "0.8"));
        assertEquals(0, r.code(), r.err());
        var net = ModelFile.read(out.resolve("model.npz")).config();
        assertEquals(new org.snnloc.model.Surrogate.Atan(3f), net.surrogate());
        assertEquals(0.004, net.hiddenLayer().tauSeconds(), 1e-15);
        assertEquals(0.009, net.outputLayer().tauSeconds(), 1e-15);
        assertEquals(0.8f, net.threshold());
        JsonNode config = Json.read(out.resolve("config.json"));
        assertEquals("atan", config.at("/run/network/hidden_layer/surrogate/kind").asText());
        assertEquals(3.0, config.at("/run/network/hidden_layer/surrogate/scale").asDouble());
        assertEquals(net, org.snnloc.experiment.RunConfig.read(out.resolve("config.json")).run().network());
    }

    @Test
    void initModelStartsFromItsParametersAndRefusesOneOfOtherSettings() throws IOException {
        Path first = dir.resolve("first"), second = dir.resolve("second");
        assertEquals(0, run(tiny("--out", first.toString())).code());
        Result r = run(tiny("--out", second.toString(), "--init-model", first.resolve("model.npz").toString(), "--seed", "1"));
        assertEquals(0, r.code(), r.err());
        double start = RunFolder.readHistory(first.resolve("history.csv")).get(0).validationLoss();
        double resumed = RunFolder.readHistory(second.resolve("history.csv")).get(0).validationLoss();
        assertTrue(resumed < start, "a trained start has a lower first validation loss: " + resumed + " vs " + start);
        assertTrue(Json.read(second.resolve("config.json")).get("init_model").asText().endsWith("model.npz"));
        Result other = run(tiny("--out", dir.resolve("other").toString(), "--init-model", first.resolve("model.npz").toString(),
                "--tau-ms", "7"));
        assertEquals(2, other.code());
        assertTrue(other.err().contains("tau_seconds: 0.005 in the file, 0.007 now"), other.err());
        assertFalse(Files.exists(dir.resolve("other")));
        Result missing = run(tiny("--out", dir.resolve("missing").toString(), "--init-model", dir.resolve("none.npz").toString()));
        assertEquals(2, missing.code(), missing.err());
    }

    @Test
    void evaluateTakesModelOptionsForNumpyModelsAndRefusesDisagreeingOnesForOurs() throws IOException {
        Path numpy = NpzTestResources.model("pytorch_model.npz");
        Path five = dir.resolve("five.json"), seven = dir.resolve("seven.json");
        assertEquals(0, run("evaluate", "--model", numpy.toString(), "--n", "64", "--json", five.toString(), "--backend", "scalar").code());
        assertEquals(0, run("evaluate", "--model", numpy.toString(), "--n", "64", "--tau-ms-output", "7", "--json", seven.toString(),
                "--backend", "scalar").code());
        assertTrue(Json.read(five).get("loss").asDouble() != Json.read(seven).get("loss").asDouble(), "the option reached the network");
        Path run = dir.resolve("ours");
        assertEquals(0, run(tiny("--out", run.toString())).code());
        Result same = run("evaluate", "--model", run.resolve("model.npz").toString(), "--n", "32", "--surrogate", "sigmoid:5");
        assertEquals(0, same.code(), same.err());
        Result other = run("evaluate", "--model", run.resolve("model.npz").toString(), "--n", "32", "--threshold", "0.5");
        assertEquals(2, other.code());
        assertTrue(other.err().contains("threshold: 1.0 in the file, 0.5 now"), other.err());
        Result signs = run("evaluate", "--model", numpy.toString(), "--n", "32", "--weight-map-w1", "none");
        assertEquals(2, signs.code());
        assertTrue(signs.err().contains("has sign1, which the weight map 'none' does not use"), signs.err());
    }

    /** The NumPy-written models in the test resources. */
    private static final class NpzTestResources {
        static Path model(String name) {
            try {
                return Path.of(CliTest.class.getResource("/numpy/" + name).toURI());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void conflictingSignOptionsAndSpecialOutputFilesAreRefused() throws IOException, InterruptedException {
        for (String[] c : new String[][] {{"--excitatory-only", "w1", "--ie-ratio-w1", "0.3"}, {"--excitatory-only", "both", "--ie-ratio", "0.3"}}) {
            Result r = run(tiny(Stream.concat(Stream.of("--out", dir.resolve("x").toString()), Stream.of(c)).toArray(String[]::new)));
            assertEquals(2, r.code(), String.join(" ", c));
            assertTrue(r.err().contains("cannot be combined with " + c[2]), r.err());
        }
        Path fifo = dir.resolve("pipe.npz");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is available");
        Result r = run("data", "--n", "4", "--out", fifo.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("is not a regular file"), r.err());
        assertTrue(Files.exists(fifo, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(fifo), "the FIFO is left as it is");
    }

    @Test
    void trainHelpListsTheOptionsInGroups() {
        String help = run("train", "--help").out();
        int model = help.indexOf("\nModel:\n"), stimulus = help.indexOf("\nStimulus:\n"), training = help.indexOf("\nTraining:\n"),
                data = help.indexOf("\nData:\n"), rest = help.indexOf("\nRun:\n");
        assertTrue(model > 0 && model < stimulus && stimulus < training && training < data && data < rest, help);
        for (String option : List.of("--surrogate", "--weight-map-w1", "--ie-ratio", "--threshold")) {
            assertTrue(listed(help, option) > model && listed(help, option) < stimulus, option + " under Model");
        }
        for (String option : List.of("--tone-hz", "--spontaneous-hz", "--phase-per-sample")) {
            assertTrue(listed(help, option) > stimulus && listed(help, option) < training, option + " under Stimulus");
        }
        assertTrue(listed(help, "--lr") > training && listed(help, "--lr") < data, "--lr under Training");
        assertTrue(listed(help, "--train-batches") > data && listed(help, "--train-batches") < rest, "--train-batches under Data");
        assertTrue(listed(help, "--backend") > rest, "--backend under Run");
    }

    /** Where an option's own line of the option list starts. */
    private static int listed(String help, String option) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\n\\s+" + java.util.regex.Pattern.quote(option) + "[=\\s]").matcher(help);
        return m.find() ? m.start() : -1;
    }

    @Test
    void traceWritesWhatHappensInsideTheNetwork() throws IOException {
        Path run = dir.resolve("run"), data = dir.resolve("d.npz"), trace = dir.resolve("trace.npz");
        assertEquals(0, run(tiny("--out", run.toString(), "--seed", "2")).code());
        assertEquals(0, run("data", "--n", "20", "--seed", "3", "--out", data.toString()).code());
        Result r = run("trace", "--model", run.resolve("model.npz").toString(), "--data", data.toString(), "--samples", "7",
                "--out", trace.toString(), "--backend", "scalar");
        assertEquals(0, r.code(), r.err());
        var a = Npz.read(trace);
        assertEquals(List.of("hidden_spikes", "hidden_v", "output_v", "logits", "loss", "grad_w1", "grad_w2"), List.copyOf(a.keySet()));
        assertEquals(List.of(7, 100, 8), java.util.Arrays.stream(a.get("hidden_spikes").shape()).boxed().toList());
        assertEquals(List.of(200, 8), java.util.Arrays.stream(a.get("grad_w1").shape()).boxed().toList());
        float[] v = a.get("hidden_v").toFloats(), s = a.get("hidden_spikes").toFloats();
        for (int b = 0; b < 7; b++) {
            for (int t = 1; t + 1 < 100; t++) {
                for (int j = 0; j < 8; j++) {
                    int at = (b * 100 + t) * 8 + j;
                    assertEquals(v[at] > 1f ? 1f : 0f, s[at + 8], "a spike follows V above the threshold");
                }
            }
        }
        assertTrue(a.get("loss").scalar() > 0);
        Result tooMany = run("trace", "--model", run.resolve("model.npz").toString(), "--data", data.toString(), "--samples", "21",
                "--out", dir.resolve("t2.npz").toString());
        assertEquals(2, tooMany.code());
        assertFalse(Files.exists(dir.resolve("t2.npz")));
    }

    @Test
    void stimulusOptionsShapeTheDataAndTheNetwork() throws IOException {
        Path out = dir.resolve("short");
        Result r = run(tiny("--out", out.toString(), "--fibres-per-ear", "12", "--duration-ms", "30", "--dt-ms", "0.5",
                "--spontaneous-hz", "10", "--tone-hz", "50", "--rate-max-hz", "400", "--envelope-power", "3"));
        assertEquals(0, r.code(), r.err());
        var net = ModelFile.read(out.resolve("model.npz")).config();
        assertEquals(24, net.inputs());
        assertEquals(60, net.steps());
        assertEquals(5e-4, net.dtSeconds(), 1e-15);
        assertEquals((float) (1.0 / 60), net.readoutScale(), "the readout scale stays 1/T");
        var stimulus = org.snnloc.experiment.RunConfig.read(out.resolve("config.json")).run().stimulus();
        assertEquals(10, stimulus.spontaneousHz());
        assertEquals(50, stimulus.toneHz());
        assertEquals(3, stimulus.envelopePower());
        Path data = dir.resolve("d.npz");
        Result d = run("data", "--n", "8", "--fibres-per-ear", "12", "--duration-ms", "30", "--dt-ms", "0.5", "--out", data.toString());
        assertEquals(0, d.code(), d.err());
        assertEquals(java.util.List.of(8, 60, 24), java.util.Arrays.stream(Npz.read(data).get("spikes").shape()).boxed().toList());
        Result bad = run("data", "--n", "8", "--dt-ms", "0.7", "--out", dir.resolve("bad.npz").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("does not divide"), bad.err());
        assertFalse(Files.exists(dir.resolve("bad.npz")));
    }

    @Test
    void weightMapsReachTheModelAndConflictingSignOptionsAreRefusedNamingBoth() throws IOException {
        Path out = dir.resolve("clamp");
        Result r = run(tiny("--out", out.toString(), "--weight-map", "clamp", "--weight-map-w2", "softplus"));
        assertEquals(0, r.code(), r.err());
        var p = ModelFile.read(out.resolve("model.npz"));
        assertEquals(new org.snnloc.model.WeightMap.Clamp(), p.weightMap1());
        assertEquals(new org.snnloc.model.WeightMap.Softplus(), p.weightMap2());
        assertTrue(p.respectsDale());
        for (float w : p.w1()) assertTrue(w >= 0f, "clamp keeps raw weights >= 0");
        Path none = dir.resolve("none");
        assertEquals(0, run(tiny("--out", none.toString(), "--weight-map-w1", "none")).code());
        assertFalse(Npz.read(none.resolve("model.npz")).containsKey("sign1"));
        assertTrue(Npz.read(none.resolve("model.npz")).containsKey("sign2"));
        String[][] conflicts = {{"--weight-map", "none", "--ie-ratio", "0.3"}, {"--weight-map-w1", "none", "--excitatory-only", "w1"},
                {"--no-dale", "--weight-map", "softplus"}, {"--no-dale", "--ie-ratio", "0.2"}, {"--weight-map-w2", "none", "--ie-ratio-w2", "0.5"}};
        for (String[] c : conflicts) {
            Path target = dir.resolve("conflict");
            Result bad = run(tiny(java.util.stream.Stream.concat(Stream.of("--out", target.toString()), Stream.of(c)).toArray(String[]::new)));
            assertEquals(2, bad.code(), String.join(" ", c) + ": " + bad.err());
            assertTrue(bad.err().contains(c[0]) || bad.err().contains("weight map"), String.join(" ", c) + ": " + bad.err());
            assertFalse(Files.exists(target), "nothing written");
        }
        Result sweep = run("sweep", "--weight-map", "none", "--out", dir.resolve("sweep").toString());
        assertEquals(2, sweep.code(), sweep.err());
        assertTrue(sweep.err().contains("has no row signs"), sweep.err());
    }

    @Test
    void dannAndLearnedSignsReachTheModelTheTraceAndTheHistory() throws IOException {
        Path dann = dir.resolve("dann"), learned = dir.resolve("learned"), data = dir.resolve("d.npz");
        Result r = run(tiny("--out", dann.toString(), "--weight-map-w1", "dann:3"));
        assertEquals(0, r.code(), r.err());
        var model = Npz.read(dann.resolve("model.npz"));
        assertEquals(List.of(200, 3), java.util.Arrays.stream(model.get("w1_ie").shape()).boxed().toList());
        assertEquals(List.of(3, 8), java.util.Arrays.stream(model.get("w1_ei").shape()).boxed().toList());
        assertFalse(model.containsKey("w1") || model.containsKey("sign1"), "dann replaces w1 and its signs");
        assertTrue(model.containsKey("w1_effective") && model.containsKey("sign2"));
        assertEquals(new org.snnloc.model.WeightMap.Dann(3), ModelFile.read(dann.resolve("model.npz")).weightMap1());

        r = run(tiny("--out", learned.toString(), "--learn-signs", "both", "--lr", "0.1"));
        assertEquals(0, r.code(), r.err());
        var p = ModelFile.read(learned.resolve("model.npz"));
        assertTrue(p.respectsDale());
        assertTrue(Npz.read(learned.resolve("model.npz")).containsKey("sign1_raw"));
        List<String> history = Files.readAllLines(learned.resolve("history.csv"));
        assertEquals("epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds,sign_flips_w1,sign_flips_w2", history.get(0));
        var metrics = Json.read(learned.resolve("metrics.json"));
        int negative = 0;
        for (float sign : p.sign1()) if (sign < 0) negative++;
        assertEquals((double) negative / p.sign1().length, metrics.get("inhibitory_fraction_w1").asDouble(), "the kept model's fraction");
        assertTrue(metrics.has("sign_flips_w1") && metrics.has("sign_flips_w2"));

        assertEquals(0, run("data", "--n", "9", "--seed", "3", "--out", data.toString()).code());
        for (Path run : List.of(dann, learned)) {
            Path trace = dir.resolve(run.getFileName() + "-trace.npz");
            r = run("trace", "--model", run.resolve("model.npz").toString(), "--data", data.toString(), "--out", trace.toString());
            assertEquals(0, r.code(), r.err());
            var keys = Npz.read(trace).keySet();
            for (String name : run == dann ? List.of("grad_w1_ee", "grad_w1_ie", "grad_w1_ei", "grad_w2") : List.of("grad_w1", "grad_sign1_raw", "grad_w2", "grad_sign2_raw")) {
                assertTrue(keys.contains(name), name + " in " + keys);
            }
        }
        String[][] refused = {{"--weight-map-w1", "dann", "--ie-ratio-w1", "0.3"}, {"--learn-signs", "w1", "--weight-map-w1", "dann"},
                {"--learn-signs", "both", "--no-dale"}};
        for (String[] c : refused) {
            Path target = dir.resolve("refused");
            Result bad = run(tiny(Stream.concat(Stream.of("--out", target.toString()), Stream.of(c)).toArray(String[]::new)));
            assertEquals(2, bad.code(), String.join(" ", c) + ": " + bad.err());
            assertFalse(Files.exists(target), "nothing written");
        }
    }

    @Test
    void dataWithTheRunsTestSeedRegeneratesItsExactTestSet() throws IOException {
        Path run = dir.resolve("run"), test = dir.resolve("test.npz"), scores = dir.resolve("s.json");
        assertEquals(0, run(tiny("--out", run.toString())).code());
        var config = Json.read(run.resolve("config.json")).get("run");
        assertEquals(0, run("data", "--n", config.get("test_samples").asText(), "--seed=" + config.at("/seeds/test_data").asLong(), "--out",
                test.toString()).code());
        assertEquals(0, run("evaluate", "--model", run.resolve("model.npz").toString(), "--data", test.toString(), "--json", scores.toString(),
                "--backend", "scalar").code());
        assertEquals(Json.read(run.resolve("metrics.json")).get("test_accuracy").asDouble(), Json.read(scores).get("accuracy").asDouble());
        assertEquals(Json.read(run.resolve("metrics.json")).get("test_loss").asDouble(), Json.read(scores).get("loss").asDouble(), 1e-12);
    }

    @Test
    void quietLeavesOnlyResultsAndErrors() throws IOException {
        Result quiet = run(tiny("--out", dir.resolve("run").toString(), "--quiet"));
        assertEquals(0, quiet.code(), quiet.err());
        assertEquals("", quiet.err(), "no progress, backend or data lines");
        assertTrue(quiet.out().contains("test accuracy") && quiet.out().contains("run folder: "), quiet.out());
        Result talkative = run(tiny("--out", dir.resolve("other").toString()));
        assertTrue(talkative.err().contains("epoch   1/1") && talkative.err().contains("data: generating"), talkative.err());
        Result refused = run(tiny("--out", dir.resolve("run").toString(), "--quiet"));
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("already exists"), "errors still show: " + refused.err());
        Result sweep = run("sweep", "--vary", "ie-ratio=0,1", "--repeats", "1", "--epochs", "1", "--batch-size", "16", "--train-batches", "4",
                "--validation-samples", "32", "--test-batches", "2", "--hidden", "8", "--backend", "scalar", "--no-report", "--quiet",
                "--out", dir.resolve("sweep").toString());
        assertEquals(0, sweep.code(), sweep.err());
        assertEquals("", sweep.err());
        assertTrue(sweep.out().contains("ie-ratio=1"), sweep.out());
    }

    @Test
    void resumeTakesNoRunOptionsAndNeedsAnUnfinishedRun() throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, run(tiny("--out", run.toString())).code());
        Result finished = run("train", "--resume", run.toString());
        assertEquals(2, finished.code());
        assertTrue(finished.err().contains("is a finished run"), finished.err());
        Result none = run("train", "--resume", dir.resolve("nothing").toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("no interrupted training"), none.err());
        Files.createDirectories(dir.resolve("other.unfinished"));
        Files.writeString(dir.resolve("other.unfinished/checkpoint.npz"), "not a checkpoint");
        Result options = run("train", "--resume", dir.resolve("other").toString(), "--epochs", "3");
        assertEquals(2, options.code());
        assertTrue(options.err().contains("cannot take --epochs"), options.err());
        Result taken = run(tiny("--out", dir.resolve("other").toString()));
        assertEquals(2, taken.code());
        assertTrue(taken.err().contains("--resume"), "a new training does not overwrite an interrupted one: " + taken.err());
        Result damaged = run("train", "--resume", dir.resolve("other").toString());
        assertEquals(2, damaged.code(), damaged.err());
        // while another command trains it (it holds the unfinished folder's lock), neither a resume nor a new training touches it
        try (org.snnloc.io.LockFile held = org.snnloc.io.LockFile.tryAcquire(dir.resolve("other.unfinished/.lock"), false)) {
            for (Result busy : List.of(run("train", "--resume", dir.resolve("other").toString()), run(tiny("--out", dir.resolve("other").toString())))) {
                assertEquals(2, busy.code(), busy.err());
                assertTrue(busy.err().contains("is being trained by another snnloc command right now"), busy.err());
            }
        }
        Files.createDirectories(dir.resolve("early.unfinished"));
        Files.writeString(dir.resolve("early.unfinished/config.json"), "{}");
        assertEquals(0, run(tiny("--out", dir.resolve("early").toString())).code(), "a training stopped before its first checkpoint is in nobody's way");
    }

    @Test
    void evaluateWritesPerSamplePredictionsAndTheSourceOfItsData() throws IOException {
        Path run = dir.resolve("run"), predictions = dir.resolve("p.npz"), json = dir.resolve("m.json");
        assertEquals(0, run(tiny("--out", run.toString())).code());
        Result r = run("evaluate", "--model", run.resolve("model.npz").toString(), "--n", "50", "--seed", "4", "--predictions",
                predictions.toString(), "--json", json.toString(), "--backend", "scalar");
        assertEquals(0, r.code(), r.err());
        var a = Npz.read(predictions);
        assertEquals(List.of("logits", "predicted", "label", "ipd"), List.copyOf(a.keySet()));
        float[] logits = a.get("logits").toFloats();
        long[] predicted = new long[50], label = new long[50];
        for (int b = 0; b < 50; b++) {
            predicted[b] = a.get("predicted").getLong(b);
            label[b] = a.get("label").getLong(b);
            int best = 0;
            for (int k = 1; k < 12; k++) if (logits[b * 12 + k] > logits[b * 12 + best]) best = k;
            assertEquals(best, predicted[b], "the predicted class is the largest logit");
            assertEquals(org.snnloc.stimulus.IpdClasses.classOf(a.get("ipd").getDouble(b), 12), label[b], "the true class is the IPD's");
        }
        int correct = 0;
        for (int b = 0; b < 50; b++) if (predicted[b] == label[b]) correct++;
        var metrics = Json.read(json);
        assertEquals(100.0 * correct / 50, metrics.get("accuracy").asDouble(), 1e-9);
        assertEquals(4, metrics.at("/data/seed").asLong());
        assertEquals(50, metrics.at("/data/generated_samples").asInt());
    }

    @Test
    void outputsAreNeverAnInputALinkOrAnExistingFileUnlessForced() throws IOException {
        Path run = dir.resolve("run"), model = run.resolve("model.npz"), json = dir.resolve("m.json");
        assertEquals(0, run(tiny("--out", run.toString())).code());
        byte[] modelBytes = Files.readAllBytes(model);
        String[] evaluate = {"evaluate", "--model", model.toString(), "--n", "20", "--backend", "scalar"};
        Result own = run(concat(evaluate, "--json", run.resolve("./model.npz").toString()));
        assertEquals(2, own.code());
        assertTrue(own.err().contains("is the file of --model"), own.err());
        Result twice = run(concat(evaluate, "--json", json.toString(), "--predictions", json.toString()));
        assertEquals(2, twice.code());
        assertTrue(twice.err().contains("--predictions " + json + " is the file of --json"), twice.err());
        assertEquals(0, run(concat(evaluate, "--json", json.toString())).code());
        String first = Files.readString(json);
        Result exists = run(concat(evaluate, "--json", json.toString(), "--seed", "9"));
        assertEquals(2, exists.code());
        assertTrue(exists.err().contains("--json " + json + " exists; give --force to replace it"), exists.err());
        assertEquals(first, Files.readString(json), "a refused command leaves the file as it was");
        assertEquals(0, run(concat(evaluate, "--json", json.toString(), "--seed", "9", "--force")).code());
        assertFalse(first.equals(Files.readString(json)), "--force replaces it");
        Path dangling = dir.resolve("dangling.json");
        Files.createSymbolicLink(dangling, dir.resolve("nowhere.json"));
        Result link = run(concat(evaluate, "--json", dangling.toString(), "--force"));
        assertEquals(2, link.code());
        assertTrue(link.err().contains("is a symbolic link to nothing"), link.err());
        assertFalse(Files.exists(dir.resolve("nowhere.json")));
        Path data = dir.resolve("d.npz");
        assertEquals(0, run("data", "--n", "8", "--out", data.toString()).code());
        byte[] dataBytes = Files.readAllBytes(data);
        Result again = run("data", "--n", "8", "--seed", "1", "--out", data.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("--out " + data + " exists; give --force"), again.err());
        assertArrayEquals(dataBytes, Files.readAllBytes(data));
        assertEquals(0, run("data", "--n", "8", "--seed", "1", "--out", data.toString(), "--force").code());
        Result trace = run("trace", "--model", model.toString(), "--data", model.toString(), "--out", model.toString(), "--force");
        assertEquals(2, trace.code());
        assertTrue(trace.err().contains("--out " + model + " is the file of --model"), trace.err());
        assertArrayEquals(modelBytes, Files.readAllBytes(model), "an input is never replaced, not even with --force");
    }

    @Test
    void fifosDanglingLinksAndDamagedTablesAreRefusedNamingTheFileAndLine() throws Exception {
        Path fifo = dir.resolve("fifo"), dangling = dir.resolve("dangling");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Files.createSymbolicLink(dangling, dir.resolve("nowhere"));
        // a FIFO would block reading forever: each is refused before it is opened
        for (String[] args : List.of(tiny("--init-model", fifo.toString(), "--out", dir.resolve("a").toString()),
                tiny("--train-data", fifo.toString(), "--out", dir.resolve("b").toString()),
                new String[] {"evaluate", "--model", fifo.toString(), "--n", "8"})) {
            Result r = run(args);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("fifo is not a regular file (a FIFO or a device)"), r.err());
        }
        Result link = run(tiny("--out", dangling.toString()));
        assertEquals(2, link.code());
        assertTrue(link.err().contains("is a symbolic link"), link.err());
        assertFalse(Files.exists(dir.resolve("nowhere")) || Files.exists(dir.resolve("dangling.unfinished")), "nothing is created");
        Path blocked = Files.writeString(dir.resolve("afile"), "");
        Result parent = run("data", "--n", "4", "--out", blocked.resolve("d.npz").toString());
        assertEquals(2, parent.code());
        assertTrue(parent.err().startsWith("data: --out " + blocked.resolve("d.npz") + ": " + blocked + " is a file, not a folder"), parent.err());
        Result sweepUnder = run("sweep", "--vary", "ie-ratio=0", "--repeats", "1", "--out", blocked.resolve("e").toString());
        assertEquals(2, sweepUnder.code(), sweepUnder.err());
        assertTrue(sweepUnder.err().contains("cannot use " + blocked.resolve("e") + ": a part of the path is not a folder"), sweepUnder.err());

        Path run = dir.resolve("run");
        assertEquals(0, run(tiny("--out", run.toString())).code());
        Files.writeString(run.resolve("history.csv"), "1,abc\n", java.nio.file.StandardOpenOption.APPEND);
        Result history = run("plot", run.toString());
        assertEquals(2, history.code());
        assertEquals("plot: " + run.resolve("history.csv") + " line 3 has 2 cells, its header 6", history.err().strip().lines().reduce((a, b) -> b).orElse(""));
        Path figures = run.resolve("figures");
        Files.createDirectories(figures.resolve("loss_curves.png"));
        Result figureInTheWay = run("plot", run.toString(), "--backend", "scalar");
        assertEquals(2, figureInTheWay.code(), figureInTheWay.err());
        try (var drawn = Files.list(figures)) {
            assertEquals(List.of("loss_curves.png"), drawn.map(p -> p.getFileName().toString()).toList(), "no figure drawn before the refusal");
        }
        Files.createDirectories(run.resolve("index.html"));
        Files.delete(figures.resolve("loss_curves.png"));
        assertEquals(2, run("report", run.toString(), "--backend", "scalar").code());
        try (var drawn = Files.list(figures)) {
            assertEquals(0, drawn.count(), "report refuses a blocked index.html before it draws");
        }
        Files.writeString(run.resolve("config.json"), "{\"run\": {");
        Result config = run("plot", run.toString());
        assertEquals(2, config.code());
        assertTrue(config.err().contains("plot: " + run.resolve("config.json") + " cannot be read as JSON (line 1: "), config.err());
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void ownDataFilesSetTheSizesAreRecordedWithTheirChecksumsAndContradictionsAreRefused() throws IOException {
        Path train = dir.resolve("train.npz"), test = dir.resolve("test.npz"), out = dir.resolve("own");
        assertEquals(0, run("data", "--n", "80", "--seed", "4", "--fibres-per-ear", "6", "--duration-ms", "30", "--out", train.toString()).code());
        assertEquals(0, run("data", "--n", "40", "--seed", "5", "--fibres-per-ear", "6", "--duration-ms", "30", "--out", test.toString()).code());
        Result r = run("train", "--epochs", "2", "--batch-size", "16", "--validation-samples", "16", "--hidden", "8", "--backend", "scalar",
                "--threads", "1", "--train-data", train.toString(), "--test-data", test.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        var run = Json.read(out.resolve("config.json")).get("run");
        assertEquals(80, run.get("train_samples").asInt());
        assertEquals(40, run.get("test_samples").asInt());
        assertEquals(6, run.get("stimulus").get("fibres_per_ear").asInt(), "the generated validation set has the files' inputs");
        assertEquals(30, run.get("stimulus").get("steps").asInt());
        assertEquals(64, run.get("data_files").get("train").get("sha256").asText().length());
        assertFalse(run.get("data_files").has("validation"), "the validation set was generated");
        assertEquals(40, Json.read(out.resolve("metrics.json")).get("test_samples").asInt(), "scored on the test file");
        assertEquals(12 * 2, ModelFile.read(out.resolve("model.npz")).w1().length / 8 * 2, "6 fibres per ear: 12 inputs");

        String[][] contradictions = {{"--fibres-per-ear", "7"}, {"--duration-ms", "40"}, {"--train-batches", "2"}, {"--batch-size", "100"},
                {"--test-data", dir.resolve("missing.npz").toString()}, {"--validation-data", out.resolve("model.npz").toString()}};
        for (String[] c : contradictions) {
            Path target = dir.resolve("refused");
            List<String> args = new ArrayList<>(List.of("train", "--epochs", "1", "--backend", "scalar", "--train-data", train.toString(),
                    "--out", target.toString()));
            args.addAll(List.of(c));
            Result bad = run(args.toArray(String[]::new));
            assertEquals(2, bad.code(), String.join(" ", c) + ": " + bad.err());
            assertTrue(bad.err().contains(c[0]) || bad.err().contains("--train-data"), bad.err());
            assertFalse(Files.exists(target), "nothing written");
        }
        // The run's figures score its recorded test file again, and refuse one changed since.
        Files.write(test, Files.readAllBytes(train));
        Result plot = run("plot", out.toString(), "--backend", "scalar");
        assertEquals(2, plot.code(), plot.err());
        assertTrue(plot.err().contains("changed since the run was set up"), plot.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--ie-ratio=1.5", "--ie-ratio-w1=-0.1", "--batch-size=0", "--backend=quantum", "--epochs=0",
            "--excitatory-only=w3", "--hidden=abc", "--lr=-1", "--no-such-flag", "--surrogate=sigmoidal", "--surrogate=atan:-2",
            "--surrogate=boxcar:wide", "--surrogate=gaussian:0", "--tau-ms-output=0", "--tau-ms-hidden=nan", "--threshold=inf",
            "--weight-map=sqrt", "--weight-map-w2=dann:x", "--dt-ms=0.3", "--duration-ms=1", "--fibres-per-ear=0", "--fibres-per-ear=9000",
            "--spontaneous-hz=-1", "--rate-max-hz=nan", "--envelope-power=0", "--rate-max-hz=1e9", "--tone-hz=600", "--hidden=20000000",
            "--dt-ms=1e-300", "--weight-map=dann:0", "--learn-signs=w3"})
    void badTrainInputExitsTwoWithOneLineAndWritesNothing(String bad) throws IOException {
        Path out = dir.resolve("run");
        Result r = run(tiny("--out", out.toString(), bad));
        assertEquals(2, r.code(), r.err());
        List<String> errorLines = r.err().lines().filter(l -> !l.startsWith("backend:") && !l.startsWith("note:")).toList();
        assertEquals(1, errorLines.size(), "one line naming the problem: " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertEquals(List.of(), listing(dir), "nothing written");
    }

    @Test
    void existingOutputFolderIsRefusedBeforeTraining() throws IOException {
        Path out = Files.createDirectory(dir.resolve("taken"));
        Result r = run(tiny("--out", out.toString()));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("already exists"), r.err());
        assertEquals(List.of(), listing(out));
    }

    @Test
    void evaluateAcceptsAModelSavedFromPyTorch() throws IOException {
        Path json = dir.resolve("metrics.json");
        Result r = run("evaluate", "--model", numpy("pytorch_model.npz"), "--data", numpy("data_bool.npz"),
                "--backend", "scalar", "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("confusion matrix"), r.out());
        JsonNode m = Json.read(json);
        assertEquals(8, m.get("samples").asInt());
        // the fixture's PyTorch loss for these weights and inputs
        assertEquals(2.5135524, m.get("loss").asDouble(), 2e-5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not_a_zip.npz", "truncated_model.npz", "bad_model_nan.npz", "bad_model_shapes.npz", "missing.npz"})
    void badModelFilesExitTwoWithTheReason(String file) {
        Result r = run("evaluate", "--model", numpy(file), "--data", numpy("data_bool.npz"), "--backend", "scalar");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(file), "the message names the file: " + r.err());
        assertFalse(r.err().contains("at org."), "no stack trace without --verbose: " + r.err());
    }

    @Test
    void badDataFileExitsTwo() {
        Result r = run("evaluate", "--model", numpy("pytorch_model.npz"), "--data", numpy("bad_data_values.npz"), "--backend", "scalar");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("spikes must be 0 or 1"), r.err());
    }

    @Test
    void verboseAddsTheStackTrace() {
        Result r = run("evaluate", "--model", numpy("bad_model_nan.npz"), "--n", "4", "--backend", "scalar", "--verbose");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("at org.snnloc"), r.err());
    }

    @Test
    void dataCommandWritesAReadableSet() {
        Path out = dir.resolve("d.npz");
        Result r = run("data", "--n", "10", "--seed", "4", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        SpikeDataset d = DataFile.read(out, 12);
        assertEquals(10, d.size());
        assertEquals(100, d.steps());
        assertEquals(200, d.inputs());
        assertEquals(2, run("data", "--n", "0", "--out", dir.resolve("e.npz").toString()).code());
        assertFalse(Files.exists(dir.resolve("e.npz")));
    }

    @Test
    void versionAndHelpExitZero() {
        assertEquals(0, run("--version").code());
        Result help = run("train", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--ie-ratio-w1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "evaluate", "data", "sweep", "constraints", "all", "plot", "report", "info", "bench"})
    void helpShowsRealDefaults(String command) {
        // Built as main() builds it for this command (only that subcommand), in a JVM that has
        // not built any other command line before.
        System.clearProperty("snnloc.cores");
        CommandLine cli = Main.commandLine(command);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute(command, "--help"));
        String help = out.toString();
        assertTrue(help.contains("Usage: snnloc " + command), help);
        assertFalse(help.contains("null") || help.contains("${"), "a default or variable was not filled in: " + help);
    }

    private static String numpy(String name) {
        return Path.of("src/test/resources/numpy", name).toString();
    }

    private static List<Path> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(Path::getFileName).toList();
        }
    }
}
