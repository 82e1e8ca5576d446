package org.snnloc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code snnloc} command line. */
@Command(name = "snnloc",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Train and evaluate spiking neural networks that localise sound from the interaural phase difference, "
                + "with Dale's law as a constraint.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, DataCommand.class, SweepCommand.class, ConstraintsCommand.class,
                AllCommand.class, PlotCommand.class, ReportCommand.class, InfoCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by the tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
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
