package org.snnloc.cli;

import org.snnloc.backend.BackendSelector;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** {@code --backend} and {@code --threads}, shared by every command that computes. */
final class BackendOptions {
    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto",
            description = "auto (the fastest usable), or one of: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.",
            completionCandidates = Names.class)
    String backend;

    @Option(names = "--threads", paramLabel = "N",
            description = "threads inside one training (default: all ${sys:snnloc.cores} cores; in sweep, constraints and all: "
                    + "the cores left over by --jobs, usually 1)")
    Integer threads;

    /**
     * Threads one command may start, in all (--jobs trainings of --threads each): an engine keeps
     * a workspace per thread, and threads beyond the cores only wait for them.
     */
    static final int MAX_THREADS = 1024;

    int threads() {
        int cores = Runtime.getRuntime().availableProcessors();
        if (threads == null) return cores;
        if (threads <= 0 || threads > MAX_THREADS) throw new InvalidInputException("--threads must be in 1.." + MAX_THREADS + ", got " + threads);
        return threads;
    }

    /** Selects the backend once and says on stderr what was chosen and why faster ones were not. */
    BackendSelector.Selection select(PrintWriter err) {
        BackendSelector.Selection selection = BackendSelector.standard().select(backend);
        for (String note : selection.notes()) err.println("note: " + brief(note));
        err.println("backend: " + selection.backend().description());
        err.flush();
        return selection;
    }

    /**
     * A passed-over backend's note in one short sentence: a long reason (CUDA's names every library
     * and error code) shortened to the summary it ends with, in parentheses; snnloc info shows it whole.
     */
    static String brief(String note) {
        if (note.length() <= 160) return note;
        int colon = note.indexOf(": ");
        java.util.regex.Matcher summary = java.util.regex.Pattern.compile("\\(([^()]{5,100})\\)\\s*$").matcher(note);
        String head = colon > 0 ? note.substring(0, colon) : note.substring(0, 40);
        String reason = summary.find() ? summary.group(1) : note.substring(colon > 0 ? colon + 2 : 0, Math.min(note.length(), 120)) + "...";
        return head + ": " + reason + "; 'snnloc info' has the details";
    }

    /** Backend names for the help text. */
    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return BackendSelector.standard().providers().stream().map(p -> p.name()).iterator();
        }
    }
}
