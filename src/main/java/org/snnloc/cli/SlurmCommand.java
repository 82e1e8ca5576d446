package org.snnloc.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code snnloc slurm DIR [sweep options] --array N}: a sweep as a Slurm array job of N shards, and its merge job. */
@Command(name = "slurm", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Write (and submit) a Slurm array job that runs a sweep in N shards, and the job that merges them.",
        description = {"Takes the options of 'snnloc sweep' and writes DIR/slurm/sweep.sbatch, an array job of --array shards (each runs "
                + "'snnloc sweep --out DIR ...' on its share of the runs, from SLURM_ARRAY_TASK_ID), and DIR/slurm/merge.sbatch, which "
                + "runs 'snnloc merge DIR' after them (--dependency=afterok). Prints the sbatch commands; --submit runs them.",
                "DIR must be on a file system every node sees. The scripts call this snnloc by absolute path."})
final class SlurmCommand extends ClusterScripts {
    @Option(names = "--array", paramLabel = "N", required = true, description = "shards of the array job")
    int array;

    @Option(names = "--cpus-per-task", paramLabel = "C", defaultValue = "1", description = "cores of each shard (default: ${DEFAULT-VALUE})")
    int cpusPerTask;

    @Option(names = "--time", paramLabel = "T", description = "time limit of each shard, in sbatch's form (e.g. 2:00:00)")
    String time;

    @Option(names = "--partition", paramLabel = "P", description = "the partition to run in")
    String partition;

    @Option(names = "--submit", description = "submit both jobs now (sbatch must be on PATH)")
    boolean submit;

    @Override
    int write(Path folder, List<String> snnloc, List<String> sweep) throws Exception {
        if (array < 1 || array > 100_000) throw new InvalidInputException("--array must be in 1..100000, got " + array);
        if (cpusPerTask < 1) throw new InvalidInputException("--cpus-per-task must be at least 1, got " + cpusPerTask);
        if (time != null && !time.matches("[0-9:-]+")) throw new InvalidInputException("--time takes sbatch's forms (minutes, H:MM:SS, D-HH), got '" + time + "'");
        if (partition != null && !partition.matches("[A-Za-z0-9_.,-]+")) throw new InvalidInputException("--partition: '" + partition + "' is not a partition name");
        if (!folder.toString().matches("[^\\s%'\"]+")) {
            throw new InvalidInputException("the experiment folder " + folder + " holds a space, a quote or a %, which sbatch's --output cannot hold; "
                    + "choose another DIR");
        }
        Path scripts = folder.resolve("slurm");
        Files.createDirectories(scripts);
        List<String> shard = new ArrayList<>(snnloc);
        shard.addAll(sweep);
        List<String> merge = new ArrayList<>(snnloc);
        merge.addAll(List.of("merge", folder.toString()));
        Path sweepScript = scripts.resolve("sweep.sbatch"), mergeScript = scripts.resolve("merge.sbatch");
        writeFile(sweepScript, script("snnloc-sweep", "#SBATCH --array=0-" + (array - 1) + "\n", scripts.resolve("sweep-%A_%a.out"), shard), true);
        writeFile(mergeScript, script("snnloc-merge", "", scripts.resolve("merge-%j.out"), merge), true);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("wrote %s (%d shards) and %s%n", sweepScript, array, mergeScript);
        if (!submit) {
            out.printf("submit them with:%n  job=$(sbatch --parsable %s)%n  sbatch --dependency=afterok:${job%%%%;*} %s%n", quote(sweepScript.toString()),
                    quote(mergeScript.toString()));
            out.flush();
            return ExitCodes.OK;
        }
        String job = sbatch(List.of("sbatch", "--parsable", sweepScript.toString()));
        String mergeJob = sbatch(List.of("sbatch", "--parsable", "--dependency=afterok:" + job, mergeScript.toString()));
        out.printf("submitted array job %s (%d shards) and merge job %s; the report will be %s%n", job, array, mergeJob, folder.resolve("index.html"));
        out.flush();
        return ExitCodes.OK;
    }

    private String script(String name, String extra, Path output, List<String> command) {
        StringBuilder s = new StringBuilder("#!/bin/bash\n");
        s.append("#SBATCH --job-name=").append(name).append('\n');
        s.append(extra);
        s.append("#SBATCH --cpus-per-task=").append(cpusPerTask).append('\n');
        s.append("#SBATCH --output=").append(output).append('\n');
        if (time != null) s.append("#SBATCH --time=").append(time).append('\n');
        if (partition != null) s.append("#SBATCH --partition=").append(partition).append('\n');
        s.append("# Written by snnloc slurm; ").append(name.equals("snnloc-sweep") ? "each array task trains its shard of the runs."
                : "run after the array job: tables, figures and the report.").append('\n');
        s.append("set -euo pipefail\n");
        // the JVM sizes its thread pools by the cores Slurm gave the task, not by the node
        s.append("export SNNLOC_JAVA_OPTS=\"${SNNLOC_JAVA_OPTS:-} -XX:ActiveProcessorCount=${SLURM_CPUS_PER_TASK:-").append(cpusPerTask).append("}\"\n");
        s.append("exec ").append(command(command)).append('\n');
        return s.toString();
    }

    /** Runs sbatch --parsable and returns the job id it prints. */
    private static String sbatch(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new InvalidInputException("cannot run sbatch (" + e.getMessage() + "); is Slurm installed here? The scripts are written; submit them on a login node");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0 || !output.matches("[0-9]+(;.*)?")) {
            throw new InvalidInputException(String.join(" ", command) + " failed: " + output.lines().findFirst().orElse("(no output)"));
        }
        return output.split(";")[0];
    }
}
