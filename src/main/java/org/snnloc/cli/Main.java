package org.snnloc.cli;

import org.snnloc.backend.BackendSelector;
import org.snnloc.io.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.Set;

/** The {@code snnloc} command line. */
@Command(name = "snnloc",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Train and evaluate spiking neural networks that localise sound from the interaural phase difference, "
                + "with Dale's law as a constraint.")
public final class Main implements Runnable {
    /** The subcommands, in the order the help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(TrainCommand.class, EvaluateCommand.class, DataCommand.class,
            SweepCommand.class, ConstraintsCommand.class, AllCommand.class, PlotCommand.class, ReportCommand.class, InfoCommand.class,
            BenchCommand.class, CommandLine.HelpCommand.class);
    /** Subcommands that choose a backend: their start-up probes the backends in the background. */
    private static final Set<String> SELECTS_BACKEND = Set.of("train", "evaluate", "sweep", "constraints", "all", "plot", "info", "bench");
    /** Subcommands that write JSON after long work: their start-up prepares the JSON writer in the background. */
    private static final Set<String> WRITES_JSON = Set.of("train", "sweep", "constraints", "all", "bench");

    public static void main(String[] args) {
        String first = args.length > 0 ? args[0] : "";
        // While picocli reads the command line, another core probes the backends (loading the CUDA
        // runtime and linking its calls: a quarter of a second), then prepares the JSON writer (a
        // tenth of a second on first use, otherwise spent at the end of a long run) and number
        // formatting (the first printf of a number loads the locale data: 40 ms on the main thread).
        boolean probe = SELECTS_BACKEND.contains(first), json = WRITES_JSON.contains(first);
        if (probe || json) {
            Thread.ofPlatform().daemon().name("snnloc-start-up").start(() -> {
                if (probe) BackendSelector.probeAll();
                if (json) {
                    try {
                        Json.prepare();
                        String.format("%d %.4f", 1, 0.5);
                    } catch (RuntimeException e) {
                        // the run's own writes report any real problem
                    }
                }
            });
        }
        System.exit(commandLine(first).execute(args));
    }

    /** The configured command line with every subcommand, as the tests use it. */
    public static CommandLine commandLine() {
        return commandLine("");
    }

    /**
     * The command line for arguments that start with {@code first}. picocli reads the annotations
     * of every subcommand it is given (a tenth of a second for all of them), so when {@code first}
     * names a subcommand only that one is added; anything else (no subcommand, a typo, help) gets
     * them all, for the full usage and suggestions.
     */
    static CommandLine commandLine(String first) {
        // Help texts show the core count as ${sys:snnloc.cores}; picocli reads it when it builds the model.
        System.setProperty("snnloc.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        CommandLine cli = new CommandLine(new Main());
        Class<?> only = null;
        for (Class<?> command : SUBCOMMANDS) {
            if (command != CommandLine.HelpCommand.class && command.getAnnotation(Command.class).name().equals(first)) only = command;
        }
        for (Class<?> command : SUBCOMMANDS) {
            if (only == null || command == only) cli.addSubcommand(command);
        }
        cli.setParameterExceptionHandler(ExitCodes::onParameterError);
        cli.setExecutionExceptionHandler(ExitCodes::onExecutionError);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"snnloc " + (version == null ? "(development build)" : version),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
