package org.snnloc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;

/** The {@code snnloc} command line. */
@Command(name = "snnloc",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Train and evaluate spiking neural networks that localise sound from the interaural phase difference, "
                + "with Dale's law as a constraint.")
public final class Main implements Runnable {
    /** The subcommands, in the order the help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(TrainCommand.class, EvaluateCommand.class, DataCommand.class,
            SweepCommand.class, ConstraintsCommand.class, AllCommand.class, MergeCommand.class, SlurmCommand.class, K8sCommand.class,
            PlotCommand.class, ReportCommand.class, TraceCommand.class, InfoCommand.class,
            BenchCommand.class, CommandLine.HelpCommand.class);

    public static void main(String[] args) {
        String first = args.length > 0 ? args[0] : "";
        int code;
        try {
            code = commandLine(first).execute(args);
        } catch (OutOfMemoryError e) {
            code = ExitCodes.onOutOfMemory(e, first, args);
        }
        System.exit(code);
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
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getCommand() instanceof TrainCommand || sub.getCommand() instanceof ExperimentCommand) OptionGroups.apply(sub);
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
