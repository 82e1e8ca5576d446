package org.snnloc.cli;

import org.snnloc.experiment.ExperimentDefinition;
import org.snnloc.experiment.ExperimentFolder;
import org.snnloc.experiment.ExperimentPlan;
import org.snnloc.experiment.RunSpec;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What {@code slurm} and {@code k8s} share: a sweep's options, checked and planned here as the
 * sweep itself would, written into job files that run its shards on a cluster and merge them. The
 * jobs call the snnloc that wrote them, by absolute paths, so they run from any directory.
 */
abstract class ClusterScripts extends SweepCommand {
    @Parameters(index = "0", paramLabel = "DIR", description = "the experiment folder the jobs fill (on a file system every node sees)")
    Path dir;

    /** Writes the job files for {@code sweep}, the snnloc command line of one shard without its shard; returns the exit code. */
    abstract int write(Path folder, List<String> snnloc, List<String> sweep) throws Exception;

    @Override
    public Integer call() throws Exception {
        if (out != null) throw new InvalidInputException("the experiment folder is DIR; --out is not needed");
        if (shard != null || shards != null) throw new InvalidInputException("the jobs set each shard themselves; leave out --shard and --shards");
        RunSpec template = template();
        List<ExperimentDefinition> experiments = experiments();   // refuses bad sweep options now, not on the cluster
        Path folder = dir.toAbsolutePath().normalize();
        if (Files.exists(folder) && !Files.isDirectory(folder)) throw new InvalidInputException(folder + " exists and is not a folder");
        ExperimentFolder.checkPlan(folder, ExperimentPlan.of(kind(), template, experiments));   // or every job would refuse it
        List<String> sweep = new ArrayList<>(List.of("sweep", "--out", folder.toString()));
        sweep.addAll(forwardedOptions());
        return write(folder, snnloc(), sweep);
    }

    /** This command's own options are the job's; every other option given goes to each shard's sweep. */
    private List<String> forwardedOptions() {
        Set<Class<?>> own = Set.of(ClusterScripts.class, SlurmCommand.class, K8sCommand.class);
        List<String> args = new ArrayList<>();
        // an option given several times is listed once per occurrence, each with all its values
        for (OptionSpec option : new java.util.LinkedHashSet<>(spec.commandLine().getParseResult().matchedOptions())) {
            if (option.userObject() instanceof Field field && own.contains(field.getDeclaringClass())) continue;
            if (option.usageHelp() || option.versionHelp()) continue;
            args.addAll(GridPlanner.respelled(option, true));   // file paths absolute: the jobs start in other folders
        }
        return args;
    }

    /** The command that starts this snnloc: its launcher when it ran through one, else this JVM on this jar. */
    static List<String> snnloc() {
        String launcher = System.getenv("SNNLOC_LAUNCHER");
        if (launcher != null && Files.isExecutable(Path.of(launcher))) return List.of(Path.of(launcher).toAbsolutePath().toString());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar;
        try {
            jar = Path.of(ClusterScripts.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return List.of(java, "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-jar", jar);
    }

    /** {@code word} quoted for a POSIX shell. */
    static String quote(String word) {
        return word.matches("[A-Za-z0-9_./:=,@%+-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    static String command(List<String> words) {
        return String.join(" ", words.stream().map(ClusterScripts::quote).toList());
    }

    static void writeFile(Path file, String text, boolean executable) throws IOException {
        org.snnloc.io.AtomicFiles.writeString(file, text);
        if (executable) file.toFile().setExecutable(true);
    }
}
