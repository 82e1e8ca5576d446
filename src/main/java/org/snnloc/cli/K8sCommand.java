package org.snnloc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code snnloc k8s DIR [sweep options] --parallel N}: a sweep as a Kubernetes Indexed Job of N shards. */
@Command(name = "k8s", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Write a Kubernetes Indexed Job that runs a sweep in N shards.",
        description = {"Takes the options of 'snnloc sweep' and writes DIR/k8s/sweep-job.yaml: an Indexed Job (completionMode: Indexed) of "
                + "--parallel pods, each running 'snnloc sweep --out DIR ... --shards N' on the share of the runs its JOB_COMPLETION_INDEX "
                + "names. Apply it with kubectl apply -f; when it completes, run 'snnloc merge DIR'.",
                "The image must hold snnloc at the path this one has, and DIR must be on a volume every pod mounts at the same path "
                + "(--claim names a PersistentVolumeClaim to mount there)."})
final class K8sCommand extends ClusterScripts {
    @Option(names = "--parallel", paramLabel = "N", required = true, description = "shards, all run at once")
    int parallel;

    @Option(names = "--image", paramLabel = "IMAGE", defaultValue = "snnloc:latest", description = "container image with snnloc (default: ${DEFAULT-VALUE})")
    String image;

    @Option(names = "--cpus-per-task", paramLabel = "C", defaultValue = "1", description = "cores each pod requests (default: ${DEFAULT-VALUE})")
    int cpus;

    @Option(names = "--claim", paramLabel = "PVC", description = "a PersistentVolumeClaim to mount at DIR's parent folder")
    String claim;

    @Override
    int write(Path folder, List<String> snnloc, List<String> sweep) throws Exception {
        if (parallel < 1 || parallel > 100_000) throw new InvalidInputException("--parallel must be in 1..100000, got " + parallel);
        if (cpus < 1) throw new InvalidInputException("--cpus-per-task must be at least 1, got " + cpus);
        if (claim != null && !claim.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) throw new InvalidInputException("--claim: '" + claim + "' is not a claim name");
        List<String> command = new ArrayList<>(snnloc);
        command.addAll(sweep);
        command.add("--shards=" + parallel);
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "snnloc");
        container.put("image", image);
        container.put("command", command);
        container.put("env", List.of(Map.of("name", "SNNLOC_JAVA_OPTS", "value", "-XX:ActiveProcessorCount=" + cpus)));
        container.put("resources", Map.of("requests", Map.of("cpu", String.valueOf(cpus)), "limits", Map.of("cpu", String.valueOf(cpus))));
        Map<String, Object> pod = new LinkedHashMap<>();
        pod.put("restartPolicy", "Never");
        pod.put("containers", List.of(container));
        if (claim != null) {
            String mount = folder.getParent() == null ? "/" : folder.getParent().toString();
            container.put("volumeMounts", List.of(Map.of("name", "experiments", "mountPath", mount)));
            pod.put("volumes", List.of(Map.of("name", "experiments", "persistentVolumeClaim", Map.of("claimName", claim))));
        }
        Map<String, Object> jobSpec = new LinkedHashMap<>();
        jobSpec.put("completionMode", "Indexed");
        jobSpec.put("completions", parallel);
        jobSpec.put("parallelism", parallel);
        jobSpec.put("backoffLimitPerIndex", 2);   // a failed shard is retried, and skips its finished runs
        jobSpec.put("template", Map.of("spec", pod));
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("apiVersion", "batch/v1");
        job.put("kind", "Job");
        String name = ("snnloc-sweep-" + folder.getFileName()).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        name = (name.length() > 52 ? name.substring(0, 52) : name).replaceAll("-+$", "");   // a DNS label: ends with a letter or digit
        job.put("metadata", Map.of("name", name));
        job.put("spec", jobSpec);
        Path file = folder.resolve("k8s").resolve("sweep-job.yaml");
        Files.createDirectories(file.getParent());
        writeFile(file, new ObjectMapper(new YAMLFactory()).writeValueAsString(job), false);
        spec.commandLine().getOut().printf("wrote %s (%d shards)%napply it with:  kubectl apply -f %s%nthen, when the job is complete:  %s merge %s%n",
                file, parallel, quote(file.toString()), command(snnloc), quote(folder.toString()));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
